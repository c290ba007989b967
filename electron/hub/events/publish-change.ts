// Tells every client what a store write changed, in the order a list needs:
// messages leave their old mailbox, show in their new state, then counts.
import type { HubEvent } from '../../../shared/protocol';
import { publicMailbox, toSummary } from '../store/message-rows';
import type { Store } from '../store/open-store';
import type { StoreChange } from '../store/store-change';

/** Publishes email.deleted, email.updated and mailbox.updated for `change`. */
export function publishChange(store: Store, publish: (event: HubEvent) => void, change: StoreChange): void {
  for (const [mailboxId, ids] of change.removed) publish({ type: 'email.deleted', payload: { ids, mailboxId } });
  for (const record of change.updated) publish({ type: 'email.updated', payload: { message: toSummary(record) } });
  for (const mailboxId of change.mailboxes) {
    const mailbox = store.reads.getMailbox(mailboxId);
    if (mailbox) publish({ type: 'mailbox.updated', payload: { mailbox: publicMailbox(mailbox) } });
  }
}
