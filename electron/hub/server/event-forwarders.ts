// One handler per event type decides what a connection is sent. Today every
// event a profile's group receives is forwarded unchanged; the table exists so
// that a per-type decision (filtering, trimming) has exactly one home, and the
// mapped type makes a new event type without a handler a compile error.
import type { HubEvent, HubEventOf, HubEventType } from '../../../shared/protocol';
import type { Principal } from './session-auth';

type Forwarder<T extends HubEventType> = (event: HubEventOf<T>, principal: Principal) => HubEventOf<T> | null;

type ForwarderTable = { [T in HubEventType]: Forwarder<T> };

const forwardUnchanged = <T extends HubEventType>(event: HubEventOf<T>): HubEventOf<T> => event;

export const eventForwarders: ForwarderTable = {
  'hub.ready': (event, principal) => (event.payload.profile === principal.profile ? event : null),
  'sync.status': forwardUnchanged,
  'mailbox.updated': forwardUnchanged,
  'email.new': forwardUnchanged,
  'email.updated': forwardUnchanged,
  'email.deleted': forwardUnchanged,
  'action.status': forwardUnchanged,
  'account.removed': forwardUnchanged,
};

/** What the connection of `principal` should be sent for `event`, or null for nothing. */
export function forwardEvent(event: HubEvent, principal: Principal): HubEvent | null {
  const forwarder = eventForwarders[event.type] as Forwarder<HubEventType>;
  return forwarder(event as HubEventOf<HubEventType>, principal);
}
