// A reproducible storm of what happens to a mailbox while the hub syncs it: another
// client appends, flags, moves and expunges, renames folders and deletes one; the user
// marks, stars, moves, archives and deletes through the hub's API; and the server
// drops every session of the user now and then (`doveadm kick`, what a restart or a
// lost network does). Used to check that the store ends where the server is.
import { ImapFlow } from 'imapflow';
import type { ActionRequest, FlagActionType } from '../../shared/actions';
import type { TestHub } from './test-hub';
import { mailboxesOf, messagesOf, postAction } from './hub-actions';
import type { DovecotInstance } from './mail/dovecot';
import { seededRandom } from './mail/seeded-random';

export interface ChaosOptions {
  dovecot: DovecotInstance;
  t: TestHub;
  accountId: string;
  seed: number;
  /** How long the storm lasts. */
  ms: number;
}

export interface ChaosReport {
  /** Actions the hub accepted (202), to wait for. */
  actionIds: string[];
  /** How many of each operation ran, by name ("other.append", "user.archive", "kick"...). */
  counts: Record<string, number>;
}

const FLAG_ACTIONS: FlagActionType[] = ['markRead', 'markUnread', 'flag', 'unflag'];
/** The folder the other client renames back and forth. */
const RENAMED = ['Receipts', 'Receipts-old'];

export async function runChaos({ dovecot, t, accountId, seed, ms }: ChaosOptions): Promise<ChaosReport> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const counts: Record<string, number> = {};
  const count = (name: string): void => void (counts[name] = (counts[name] ?? 0) + 1);
  const actionIds: string[] = [];
  let other: ImapFlow | null = null;
  let appended = 0;
  /** The other client, logged in again after a kick. */
  const otherClient = async (): Promise<ImapFlow> => {
    if (other?.usable) return other;
    other = new ImapFlow({ ...dovecot.imapOptions(), logger: false });
    other.on('error', () => {});
    await other.connect();
    return other;
  };
  const paths = async (client: ImapFlow): Promise<string[]> => (await client.list()).map((mailbox) => mailbox.path);

  async function folderChange(): Promise<void> {
    const client = await otherClient();
    const names = await paths(client);
    const roll = random();
    if (roll < 0.4) {
      const from = RENAMED.find((name) => names.includes(name))!;
      await client.mailboxRename(from, RENAMED.find((name) => name !== from)!);
      count('other.rename');
    } else if (roll < 0.75) {
      if (!names.includes('Temp')) await client.mailboxCreate('Temp');
      const lock = await client.getMailboxLock('INBOX');
      try {
        if (client.mailbox && client.mailbox.exists > 0) await client.messageMove(String(1 + Math.floor(random() * client.mailbox.exists)), 'Temp');
      } finally {
        lock.release();
      }
      count('other.fileIntoTemp');
    } else if (names.includes('Temp')) {
      await client.mailboxDelete('Temp');
      count('other.deleteTemp');
    }
  }

  async function messageChange(): Promise<void> {
    const client = await otherClient();
    const names = await paths(client);
    const path = pick(['INBOX', 'INBOX', 'Projects', RENAMED.find((name) => names.includes(name))!]);
    const lock = await client.getMailboxLock(path);
    try {
      const exists = client.mailbox ? client.mailbox.exists : 0;
      const roll = random();
      if (roll < 0.3 || exists === 0) {
        appended += 1;
        const raw = `From: storm@example.test\r\nSubject: storm ${appended}\r\nMessage-ID: <storm-${seed}-${appended}@example.test>\r\n\r\nbody ${appended}\r\n`;
        await client.append(path, raw, random() < 0.5 ? ['\\Seen'] : []);
        count('other.append');
        return;
      }
      const seq = String(1 + Math.floor(random() * exists));
      if (roll < 0.6) {
        await client.messageFlagsAdd(seq, [pick(['\\Seen', '\\Flagged', '$label1'])]);
        count('other.flagAdd');
      } else if (roll < 0.75) {
        await client.messageFlagsRemove(seq, [pick(['\\Seen', '\\Flagged'])]);
        count('other.flagRemove');
      } else if (roll < 0.88) {
        await client.messageMove(seq, pick(['INBOX', 'Projects'].filter((name) => name !== path)));
        count('other.move');
      } else {
        await client.messageDelete(seq);
        count('other.expunge');
      }
    } finally {
      lock.release();
    }
  }

  async function userAction(): Promise<void> {
    const mailboxes = await mailboxesOf(t, accountId);
    const from = pick(mailboxes.filter((mailbox) => mailbox.total > 0));
    const message = from ? pick(await messagesOf(t, from.id)) : undefined;
    if (!from || !message) return;
    const roll = random();
    const others = mailboxes.filter((mailbox) => mailbox.id !== from.id);
    const request: ActionRequest =
      roll < 0.5
        ? { type: pick(FLAG_ACTIONS), messageIds: [message.id] }
        : roll < 0.7
          ? { type: 'move', messageIds: [message.id], targetMailboxId: pick(others).id }
          : roll < 0.85
            ? { type: 'archive', messageIds: [message.id] }
            : { type: 'delete', messageIds: [message.id] };
    const answer = await postAction(t, request);
    if (answer.status === 202) {
      actionIds.push(answer.body.actionId);
      count(`user.${request.type}`);
    } else {
      count(`user.refused.${answer.body.error?.code}`);
    }
  }

  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const roll = random();
    try {
      if (roll < 0.05) await folderChange();
      else if (roll < 0.35) await messageChange();
      else if (roll < 0.9) await userAction();
      else {
        await dovecot.doveadm(['kick', dovecot.users[0]!.user]);
        count('kick');
      }
    } catch (error) {
      // The other client kicked mid-command, a message expunged meanwhile: part of the storm.
      count(`error.${(error as Error).name}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20 + random() * 150));
  }
  await (other as ImapFlow | null)?.logout().catch(() => {});
  return { actionIds, counts };
}
