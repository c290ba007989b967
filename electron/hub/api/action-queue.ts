// Queues user actions: the local change and the log entry in one transaction,
// every client told at once, then the replay started. Where an action lands
// (archive → \Archive, delete → \Trash, both created locally when missing and
// on the server at replay, like Thunderbird does) is decided here.
import { FLAG_ACTIONS, type FlagActionType } from '../../../shared/actions';
import type { HubEvent } from '../../../shared/protocol';
import type { SpecialUse } from '../../../shared/model';
import { publishChange } from '../events/publish-change';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import type { StoreChange } from '../store/store-change';
import { newId } from '../store/store-writes';
import type { MailboxRecord, MessageRecord } from '../store/store-types';
import type { SyncManager } from '../sync/sync-manager';

export interface ActionQueueDeps {
  store: Store;
  sync: SyncManager;
  publish(event: HubEvent): void;
}

const FOLDER_NAMES: Partial<Record<SpecialUse, string>> = { '\\Archive': 'Archive', '\\Trash': 'Trash' };

function queued(deps: ActionQueueDeps, accountId: string, actionId: string, change: StoreChange): string {
  publishChange(deps.store, deps.publish, change);
  deps.publish({ type: 'action.status', payload: { actionId, state: 'pending' } });
  deps.sync.get(accountId)?.replayNow();
  return actionId;
}

/** Applies and logs a flag action on messages of one account; returns its id. */
export function queueFlags(deps: ActionQueueDeps, type: FlagActionType, records: MessageRecord[]): string {
  const accountId = records[0]!.accountId;
  const actionId = newId();
  return queued(deps, accountId, actionId, deps.store.operations.queueFlagAction(actionId, accountId, type, records));
}

/** Shows the messages in `target` at once and logs the move; returns its id. */
export function queueMove(deps: ActionQueueDeps, records: MessageRecord[], target: MailboxRecord): string {
  const actionId = newId();
  return queued(deps, target.accountId, actionId, deps.store.operations.queueMove(actionId, target.accountId, records, target));
}

/** Removes the messages at once and logs their permanent deletion; returns its id. */
export function queueExpunge(deps: ActionQueueDeps, records: MessageRecord[]): string {
  const accountId = records[0]!.accountId;
  const actionId = newId();
  return queued(deps, accountId, actionId, deps.store.operations.queueExpunge(actionId, accountId, records));
}

/** The flag action that sets (`add`) or clears the flag `type` acts on. */
export function flagActionFor(type: FlagActionType, add: boolean): FlagActionType {
  const { flag } = FLAG_ACTIONS[type];
  const entry = Object.entries(FLAG_ACTIONS).find(([, action]) => action.flag === flag && action.add === add);
  return entry![0] as FlagActionType;
}

/**
 * The account's mailbox with `specialUse`; when it has none, one is added locally (the
 * replay creates it on the server), named like the common clients do, beside INBOX's
 * siblings ("INBOX.Archive" on servers that keep every folder under INBOX).
 */
export function specialMailbox(store: Store, accountId: string, specialUse: '\\Archive' | '\\Trash'): MailboxRecord {
  const mailboxes = store.reads.listMailboxes(accountId);
  const found = mailboxes.find((mailbox) => mailbox.specialUse === specialUse);
  if (found) return found;
  const inbox = mailboxes.find((mailbox) => mailbox.specialUse === '\\Inbox');
  const delimiter = inbox?.delimiter ?? '/';
  const others = mailboxes.filter((mailbox) => mailbox !== inbox);
  const underInbox = others.length > 0 && others.every((mailbox) => mailbox.path.startsWith(`INBOX${delimiter}`));
  const name = FOLDER_NAMES[specialUse]!;
  const path = underInbox ? `INBOX${delimiter}${name}` : name;
  const existing = store.reads.getMailboxByPath(accountId, path);
  if (existing) return existing;
  return store.writes.upsertMailbox(accountId, { path, name, delimiter, specialUse, sortKey: mailboxes.length });
}

/** The target of a move: a mailbox of the same account. */
export function moveTarget(store: Store, accountId: string, targetMailboxId: unknown): MailboxRecord {
  if (typeof targetMailboxId !== 'string' || targetMailboxId === '') {
    throw new HttpError(400, 'bad_request', 'targetMailboxId is required for a move');
  }
  const target = store.reads.getMailbox(targetMailboxId);
  if (!target) throw new HttpError(400, 'unknown_mailbox', `No such mailbox: ${targetMailboxId}`);
  if (target.accountId !== accountId) throw new HttpError(400, 'bad_request', 'Messages move only between mailboxes of their own account');
  return target;
}
