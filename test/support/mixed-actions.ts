// A reproducible mix of user actions (flags, moves, archive, delete, delete
// for good) on single messages, with the state the server must end in: each
// message in exactly one mailbox with exactly these flags, or nowhere.
import type { ActionRequest, FlagActionType } from '../../shared/actions';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { flagsAfter } from '../../electron/hub/store/operation-log';
import { seededRandom } from './mail/seeded-random';
import type { ServerCopy } from './mail/server-copies';

export interface ExpectedPlace {
  path: string;
  flags: string[];
}

export interface ActionPlan {
  requests: ActionRequest[];
  /** Message-ID → where the server must keep it (null: deleted for good). */
  expected: Map<string, ExpectedPlace | null>;
}

const FLAG_TYPES: FlagActionType[] = ['markRead', 'markUnread', 'flag', 'unflag'];

/** `count` single-message actions over `messages`, moving among `mailboxes` (which include Archive and Trash). */
export function planActions(messages: MessageSummary[], mailboxes: Mailbox[], count: number, seed = 7): ActionPlan {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const byId = new Map(mailboxes.map((m) => [m.id, m]));
  const archive = mailboxes.find((m) => m.specialUse === '\\Archive')!;
  const trash = mailboxes.find((m) => m.specialUse === '\\Trash')!;
  const state = new Map(messages.map((m) => [m.id, { mailboxId: m.mailboxId, flags: [...m.flags].sort() } as { mailboxId: string; flags: string[] } | null]));
  const requests: ActionRequest[] = [];
  while (requests.length < count) {
    const message = pick(messages);
    const now = state.get(message.id);
    if (!now) continue;
    const roll = random();
    if (roll < 0.5) {
      const type = pick(FLAG_TYPES);
      requests.push({ type, messageIds: [message.id] });
      now.flags = flagsAfter(type, now.flags);
    } else if (roll < 0.75) {
      const target = pick(mailboxes.filter((m) => m.id !== now.mailboxId));
      requests.push({ type: 'move', messageIds: [message.id], targetMailboxId: target.id });
      now.mailboxId = target.id;
    } else if (roll < 0.85) {
      if (now.mailboxId === archive.id) continue;
      requests.push({ type: 'archive', messageIds: [message.id] });
      now.mailboxId = archive.id;
    } else {
      requests.push({ type: 'delete', messageIds: [message.id] });
      if (now.mailboxId === trash.id) state.set(message.id, null);
      else now.mailboxId = trash.id;
    }
  }
  const expected = new Map<string, ExpectedPlace | null>();
  for (const message of messages) {
    const end = state.get(message.id);
    expected.set(message.messageId!, end ? { path: byId.get(end.mailboxId)!.path, flags: end.flags } : null);
  }
  return { requests, expected };
}

/** Where each planned message actually is on the server, in the shape of `expected`; several copies show as such. */
export function actualPlaces(expected: Map<string, ExpectedPlace | null>, copies: Map<string, ServerCopy[]>): Map<string, ExpectedPlace | ExpectedPlace[] | null> {
  const actual = new Map<string, ExpectedPlace | ExpectedPlace[] | null>();
  for (const messageId of expected.keys()) {
    const found = (copies.get(messageId) ?? []).map(({ path, flags }) => ({ path, flags }));
    actual.set(messageId, found.length === 0 ? null : found.length === 1 ? found[0]! : found);
  }
  return actual;
}
