// @vitest-environment jsdom
// The hub reports an action's end once, through action.status. A window whose socket was down
// then (the hub restarted and replayed its queue, a dropped connection) asks where its actions
// stand when it refreshes: the toast does not stay "waiting for the server" for good. A real
// hub and a real Dovecot; this window's socket is simply never connected.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiClient } from '../../renderer/src/api/api-client';
import { refreshAll } from '../../renderer/src/mail/mail-commands';
import { performAction } from '../../renderer/src/mail/action-commands';
import { effectiveActionState, initialMailState, pendingMessageIds, type TrackedAction } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { syntheticMessages } from '../support/corpus';
import { actionEnded, mailboxesOf, messagesOf } from '../support/hub-actions';
import { callApi } from '../support/hub-api';
import { startSyncedAccount, type SyncedAccount } from '../support/synced-account';

let s: SyncedAccount;
/** The star sent while the socket was not listening. */
let star: TrackedAction;

beforeAll(async () => {
  s = await startSyncedAccount({ dovecot: { corpus: syntheticMessages(5) }, hub: { sync: { pollMs: 600_000, backoff: { baseMs: 50, maxMs: 200 } } } });
}, 60_000);

afterAll(async () => {
  mailStore.setState(initialMailState, true);
  await s?.stop();
});

it('learns at the next refresh that an action ended while it was not listening', async () => {
  const api = createApiClient(s.t.hub.origin, () => s.t.hub.connection().token);
  const inbox = (await mailboxesOf(s.t, s.account.id)).find((m) => m.specialUse === '\\Inbox')!;
  const [message] = await messagesOf(s.t, inbox.id);
  await s.goOffline();

  await performAction(api, 'flag', [message!.id]);
  star = mailStore.getState().actions.at(-1)!;
  expect(star.actionId).not.toBeNull();
  expect(effectiveActionState(mailStore.getState(), star).state).toBe('pending');

  // The server gets it while this window hears nothing: its message still shows it pending.
  s.goOnline();
  await actionEnded(s.socket, star.actionId!);
  expect(effectiveActionState(mailStore.getState(), star).state).toBe('pending');
  expect(pendingMessageIds(mailStore.getState()).has(message!.id)).toBe(true);

  await refreshAll(api);
  expect(effectiveActionState(mailStore.getState(), star)).toEqual({ state: 'applied', error: null });
  expect(pendingMessageIds(mailStore.getState()).has(message!.id)).toBe(false);
});

it('answers where an action stands, and 404 for one it does not know', async () => {
  const unknown = await callApi(s.t, '/api/actions/no-such-action');
  expect(unknown.status).toBe(404);
  const known = await callApi<{ actionId: string; state: string }>(s.t, `/api/actions/${star.actionId}`);
  expect(known).toMatchObject({ status: 200, body: { actionId: star.actionId, state: 'applied' } });
});
