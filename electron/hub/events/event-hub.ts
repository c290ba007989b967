// Groups of event receivers, in the style of a channel layer: anything in the
// hub publishes with groupSend(group, event) without knowing about sockets; the
// socket consumer adds a connection to its group and discards it on close.
import type { HubEvent } from '../../../shared/protocol';
import type { Logger } from '../logger';

/** Something that can receive hub events: a socket connection, a tray adapter, a test probe. */
export interface EventReceiver {
  receive(event: HubEvent): void;
}

export interface EventHub {
  groupAdd(group: string, receiver: EventReceiver): void;
  groupDiscard(group: string, receiver: EventReceiver): void;
  /** Delivers `event` to every current member of `group`; returns how many received it. */
  groupSend(group: string, event: HubEvent): number;
  groupSize(group: string): number;
}

/** Creates an in-process event hub. */
export function createEventHub(logger: Logger): EventHub {
  const groups = new Map<string, Set<EventReceiver>>();

  return {
    groupAdd(group, receiver) {
      let members = groups.get(group);
      if (!members) {
        members = new Set();
        groups.set(group, members);
      }
      members.add(receiver);
    },
    groupDiscard(group, receiver) {
      const members = groups.get(group);
      if (!members) return;
      members.delete(receiver);
      if (members.size === 0) groups.delete(group);
    },
    groupSend(group, event) {
      const members = groups.get(group);
      if (!members) return 0;
      let delivered = 0;
      // Copy first: a receiver may leave the group while we iterate.
      for (const receiver of [...members]) {
        try {
          receiver.receive(event);
          delivered += 1;
        } catch (error) {
          // One broken receiver must not starve the others.
          logger.error('event receiver failed', { group, type: event.type, error: String(error) });
        }
      }
      return delivered;
    },
    groupSize(group) {
      return groups.get(group)?.size ?? 0;
    },
  };
}
