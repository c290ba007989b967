// What a write changed, as the clients must hear of it: messages whose
// summary changed (email.updated), messages gone from a mailbox
// (email.deleted), and mailboxes whose counts changed (mailbox.updated).
import type { MessageRecord } from './store-types';

export interface StoreChange {
  updated: MessageRecord[];
  /** Mailbox id → hub ids of the messages that left it. */
  removed: Map<string, string[]>;
  mailboxes: Set<string>;
}

export function emptyChange(): StoreChange {
  return { updated: [], removed: new Map(), mailboxes: new Set() };
}

export function noteUpdated(change: StoreChange, record: MessageRecord): void {
  change.updated.push(record);
  change.mailboxes.add(record.mailboxId);
}

export function noteRemoved(change: StoreChange, mailboxId: string, id: string): void {
  change.removed.set(mailboxId, [...(change.removed.get(mailboxId) ?? []), id]);
  change.mailboxes.add(mailboxId);
}

/** One change made of several, each message reported once in its latest state. */
export function mergeChanges(changes: StoreChange[]): StoreChange {
  const merged = emptyChange();
  const latest = new Map<string, MessageRecord>();
  for (const change of changes) {
    for (const record of change.updated) latest.set(record.id, record);
    for (const [mailboxId, ids] of change.removed) for (const id of ids) noteRemoved(merged, mailboxId, id);
    for (const mailboxId of change.mailboxes) merged.mailboxes.add(mailboxId);
  }
  for (const record of latest.values()) noteUpdated(merged, record);
  return merged;
}
