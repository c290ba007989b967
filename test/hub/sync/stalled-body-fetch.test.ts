// Opening messages whose bodies are not cached while the server has stopped answering (its
// session processes SIGSTOPped: connected, silent). The body connection's socket timeout is five
// minutes: each open hung that long before its 503. Now a fetch that hears nothing for the body
// stall time (half the sync's stallMs: 1 s here) closes the connection, and every open queued on
// it is answered at once, not one timeout after another.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ApiErrorBody, MessageDetailResponse } from '../../../shared/api';
import { PREFETCH_COUNT } from '../../../electron/hub/sync/body-prefetch';
import { syntheticMessages } from '../../support/corpus';
import { callApi } from '../../support/hub-api';
import { mailboxesOf, messagesOf } from '../../support/hub-actions';
import { startSyncedAccount, type SyncedAccount } from '../../support/synced-account';
import { eventually } from '../../support/test-hub';

const STALL_MS = 2000;
let s: SyncedAccount;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(PREFETCH_COUNT + 10) }, hub: { sync: { pollMs: 600_000, stallMs: STALL_MS } } });
}, 60_000);

afterAll(async () => {
  s?.dovecot.signalSessions('SIGCONT');
  await s?.stop();
});

it('answers every open waiting on a silent server with 503 body_unavailable_offline within seconds', async () => {
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const messages = await messagesOf(s.t, inbox.id);
  const { reads } = s.t.hub.store;
  const isCached = (id: string): boolean => reads.bodyOf(reads.getMessage(id)!.rowid) !== null;
  await eventually(() => messages.slice(0, PREFETCH_COUNT).every((m) => isCached(m.id)), 'the newest bodies to be cached', 15_000);
  // A message opened keeps the body connection open a minute: the opens below go over it.
  expect((await callApi(s.t, `/api/messages/${messages.at(-1)!.id}`)).status).toBe(200);
  const oldest = messages.slice(-4, -1);
  expect(oldest.some((m) => isCached(m.id))).toBe(false);

  expect(s.dovecot.signalSessions('SIGSTOP')).toBeGreaterThanOrEqual(2);
  const started = performance.now();
  const answers = await Promise.all(oldest.map((m) => callApi<ApiErrorBody>(s.t, `/api/messages/${m.id}`)));
  const elapsed = performance.now() - started;
  expect(answers.map((a) => [a.status, a.body.error.code])).toEqual(oldest.map(() => [503, 'body_unavailable_offline']));
  // One body stall (1 s, checked every 250 ms) for all three, not three in a row nor five minutes.
  expect(elapsed).toBeLessThan(STALL_MS + 1000);

  // The server answers again: the message opens.
  s.dovecot.signalSessions('SIGCONT');
  const opened = await callApi<MessageDetailResponse>(s.t, `/api/messages/${oldest[0]!.id}`);
  expect(opened.status).toBe(200);
  expect(opened.body.text?.length ?? 0).toBeGreaterThan(0);
});
