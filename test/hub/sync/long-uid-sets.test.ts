// Commands naming many scattered UIDs (snippets of messages whose text is not part 1, a
// selection marked read or moved) against a Dovecot that takes command lines of at most
// 2000 bytes. RFC 2683 has clients keep to about 1000 octets; servers differ in what they
// accept, and a refused line fails the whole sync or action, again at every try.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MessageSummary } from '../../../shared/model';
import { syntheticMessages, type CorpusMessage } from '../../support/corpus';
import { actionEnded, mailboxesOf, messagesOf, postAction } from '../../support/hub-actions';
import { startSyncedAccount, withImapClient, type SyncedAccount } from '../../support/synced-account';

const COUNT = 1200;
const NESTED_TEXT = 'Nested text part';

/** Every other message's text goes into multipart/mixed > multipart/alternative: part 1.1, not 1. */
function* corpus(): Generator<CorpusMessage> {
  let index = 0;
  for (const message of syntheticMessages(COUNT)) {
    index += 1;
    if (index % 2 === 1) {
      yield message;
      continue;
    }
    const raw = message.raw.toString('latin1');
    const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\nContent-Type: [^\r]*|\r\nContent-Transfer-Encoding: [^\r]*/g, '');
    const body =
      '--mix\r\nContent-Type: multipart/alternative; boundary="alt"\r\n\r\n' +
      `--alt\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n${NESTED_TEXT} ${index}.\r\n` +
      `--alt\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>${NESTED_TEXT} ${index}.</p>\r\n--alt--\r\n` +
      '--mix\r\nContent-Type: application/octet-stream; name="a.bin"\r\nContent-Disposition: attachment; filename="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--mix--\r\n';
    yield { ...message, raw: Buffer.from(`${headers}\r\nContent-Type: multipart/mixed; boundary="mix"\r\n\r\n${body}`, 'latin1') };
  }
}

let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: corpus(), imapMaxLineLength: 2000 }, hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 } } } });
}, 60_000);

afterAll(async () => {
  await s?.stop();
});

const inboxMessages = async (): Promise<MessageSummary[]> => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  return messagesOf(s.t, inbox.id);
};

/** Every other message: UIDs no range can join. */
const everyOther = (messages: MessageSummary[]): MessageSummary[] => messages.filter((m) => m.uid! % 2 === 0);

it('stores the snippet of every message whose text is not part 1, in a first sync', async () => {
  const messages = await inboxMessages();
  expect(messages).toHaveLength(COUNT);
  const nested = messages.filter((m) => m.snippet.startsWith(NESTED_TEXT));
  expect(nested).toHaveLength(COUNT / 2);
});

it('marks a scattered selection read on the server in one action', async () => {
  const chosen = everyOther(await inboxMessages());
  const accepted = await postAction(s.t, { type: 'markRead', messageIds: chosen.map((m) => m.id) });
  expect(accepted.status).toBe(202);
  expect((await actionEnded(s.socket, accepted.body.actionId)).payload).toMatchObject({ state: 'applied' });
  const seen = await withImapClient(s.dovecot, async (client) => {
    await client.mailboxOpen('INBOX');
    const uids = await client.search({ seen: true }, { uid: true });
    return new Set(Array.isArray(uids) ? uids : []);
  });
  expect(chosen.filter((m) => !seen.has(m.uid!))).toEqual([]);
});

it('moves a scattered selection to Archive on the server in one action', async () => {
  const chosen = everyOther(await inboxMessages());
  const archive = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Archive')!;
  const accepted = await postAction(s.t, { type: 'move', messageIds: chosen.map((m) => m.id), targetMailboxId: archive.id });
  expect(accepted.status).toBe(202);
  expect((await actionEnded(s.socket, accepted.body.actionId)).payload).toMatchObject({ state: 'applied' });
  const archived = await withImapClient(s.dovecot, async (client) => {
    const status = await client.status('Archive', { messages: true });
    return status ? status.messages : -1;
  });
  expect(archived).toBe(chosen.length);
});
