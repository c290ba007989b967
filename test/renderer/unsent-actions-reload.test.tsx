// @vitest-environment jsdom
// An action that never reached the hub outlives the page: reloaded (or the app closed and started
// again) before the hub is back, the next page shows it as not sent yet, and sends it once the hub
// answers, exactly once; undone, refused, too old, sent by another tab, or dropped at logout, it is
// not sent again. The hub is the stand-in of stand-in-hub-api.ts on a real socket and port, stopped
// and started again as a hub restart does. A reload here is what a new page has: the panes mounted
// afresh on empty stores (the app restores what was kept at its start: useDataRefresh).
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import type { ActionRequest } from '../../shared/actions';
import { useAuth, type AuthValue } from '../../renderer/src/auth/auth-context';
import { restoreUnsentActions } from '../../renderer/src/mail/kept-unsent-actions';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { initialMailState } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { claimUnsentAction, forgetUnsentActions, keptUnsentActions } from '../../renderer/src/stores/unsent-actions-storage';
import { check, eventually, MailView, message, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, renderPanes, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7)];
const WAITING = 'Archived 1 message — not sent yet: the hub is not reachable, sent when it is back';
const DONE = 'Archived 1 message — done';

let server: WsTestServer;
let hub: StandInHubApi;
let auth: AuthValue | null = null;

function AuthProbe() {
  auth = useAuth();
  return null;
}

beforeAll(() => {
  stubLayoutApis();
  // jsdom's own WebSocket cannot run under vitest (see use-hub-socket.test.tsx); `ws` has the browser API.
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

beforeEach(async () => {
  localStorage.clear();
  hubStore.setState(initialHubState, true);
  ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, inbox, { socket: true }));
  hub.report = true;
  await connected();
  await server.stop();
  await eventually(() => hubStore.getState().socket !== 'open', 'the connection lost');
});

afterEach(async () => {
  vi.restoreAllMocks();
  await closeApp(server);
});

const connected = () => eventually(() => hubStore.getState().socket === 'open', 'the connection (back)', 15_000);
const posted = () => hub.posted.map(({ type, messageIds }) => `${type} ${messageIds.join(',')}`);
const kept = () => keptUnsentActions(Date.now()).toSend.map(({ request }) => `${request.type} ${request.messageIds.join(',')}`);

/** Archives m3 while the hub is away: its toast says it waits. */
async function archiveWhileAway(): Promise<void> {
  check('m3');
  fireEvent.click(screen.getByTestId('action-archive'));
  await eventually(() => toasts()[0] === WAITING, 'the archive waiting');
}

/** The page loaded again: a new page's stores, then the panes; `later`: a page started that much later, which restores first. */
async function reload(later?: number): Promise<void> {
  cleanup();
  hubStore.setState(initialHubState, true);
  uiStore.setState(initialUiState, true);
  mailStore.setState(initialMailState, true);
  if (later !== undefined) restoreUnsentActions(Date.now() + later);
  await renderPanes(mailStore.getState(), (
    <MailView socket>
      <AuthProbe />
    </MailView>
  ));
}

/** The hub back, and the page on it with its inbox shown (the refresh after the socket opened). */
async function hubBack(): Promise<void> {
  await server.start();
  await connected();
  await eventually(() => rowIds().length > 0, 'the inbox shown');
}

describe('unsent actions across a reload', () => {
  it('shows an archive made before the reload as not sent yet, and sends it once when the hub is back', async () => {
    await archiveWhileAway();
    expect(kept()).toEqual(['archive m3']);
    await reload();
    // Tried at once (the hub may be back), and waiting again.
    await eventually(() => toasts()[0] === WAITING, 'the archive waiting after the reload');
    expect(toasts()).toEqual([WAITING]);

    await hubBack();
    await eventually(() => toasts()[0] === DONE, 'the archive done');
    expect(posted()).toEqual(['archive m3']);
    expect(hub.messages.get('m3')?.mailboxId).toBe('a1:Archive');
    expect(rowIds()).toEqual(['m1', 'm2']);
    // Sent: no longer kept, and the next page sends nothing again.
    expect(kept()).toEqual([]);
    await reload();
    await connected();
    await eventually(() => rowIds().length > 0, 'the inbox shown again');
    expect(toasts()).toEqual([]);
    expect(posted()).toEqual(['archive m3']);
  });

  it('does not send an archive undone before the reload', async () => {
    await archiveWhileAway();
    fireEvent.click(screen.getByTestId('undo'));
    expect(kept()).toEqual([]);
    await reload();
    expect(toasts()).toEqual([]);
    await hubBack();
    expect(rowIds()).toEqual(['m1', 'm2', 'm3']);
    expect(posted()).toEqual([]);
  });

  it('tells, as for any refused action, when the hub no longer has the messages, and forgets it', async () => {
    await archiveWhileAway();
    await reload();
    // Expunged elsewhere meanwhile.
    hub.messages.delete('m3');
    await hubBack();
    await eventually(() => toasts().length === 1 && toasts()[0] !== WAITING, 'the refusal shown');
    expect(toasts()).toEqual(['Archived 1 message — failed: No such messages']);
    expect(kept()).toEqual([]);
    await reload();
    await connected();
    await eventually(() => rowIds().length > 0, 'the inbox shown again');
    expect(toasts()).toEqual([]);
    expect(rowIds()).toEqual(['m1', 'm2']);
  });

  it('does not send an action kept for more than a week, and says it was left as it was', async () => {
    await archiveWhileAway();
    await reload(8 * 24 * 60 * 60 * 1000);
    expect(toasts()).toEqual(['Archived 1 message — failed: not sent within a week, so left as it was']);
    expect(kept()).toEqual([]);
    await hubBack();
    expect(rowIds()).toEqual(['m1', 'm2', 'm3']);
    expect(posted()).toEqual([]);
  });

  it('drops the actions not sent at logout: not sent by this page, nor after a reload', async () => {
    await archiveWhileAway();
    await reload();
    await eventually(() => toasts()[0] === WAITING, 'the archive waiting after the reload');
    act(() => auth!.logout());
    expect(kept()).toEqual([]);
    expect(toasts()).toEqual([]);
    await reload();
    expect(toasts()).toEqual([]);
    await hubBack();
    expect(posted()).toEqual([]);
  });

  it('forgets the actions not sent of an account removed meanwhile: a later page does not send them to a hub that dropped them', async () => {
    await archiveWhileAway();
    expect(kept()).toEqual(['archive m3']);
    act(() => dispatchMailEvent({ type: 'account.removed', payload: { accountId: 'a1' } }));
    await eventually(() => kept().length === 0, 'the kept archive forgotten');
    // What a later page restores at its start: nothing.
    mailStore.setState(initialMailState, true);
    restoreUnsentActions();
    expect(mailStore.getState().actions).toEqual([]);
  });

  it('leaves an action another tab restored and sent to that tab: sent once, and this toast goes', async () => {
    await archiveWhileAway();
    const [entry] = keptUnsentActions(Date.now()).toSend;
    // The other tab (reloaded meanwhile, so it holds the entry too) claims it, sends it and forgets
    // it, before this tab's socket is back (held off until then).
    server.refuseUpgrade.add('tok-a');
    await server.start();
    expect(claimUnsentAction(entry!.localId, 'the-other-tab', Date.now())).toBe('claimed');
    await postAsAnotherTab(entry!.request);
    forgetUnsentActions([entry!.localId]);
    // Mail that came meanwhile: once it shows, the page's refresh after the reconnect is over (its
    // answer would otherwise land in the next test's page).
    hub.messages.set('m4', message('m4', 'a1', 10));
    server.refuseUpgrade.delete('tok-a');
    await connected();
    await eventually(() => toasts().length === 0, 'the toast gone');
    await eventually(() => rowIds()[0] === 'm4', 'the inbox read again');
    expect(posted()).toEqual(['archive m3']);
    expect(rowIds()).toEqual(['m4', 'm1', 'm2']);
  });

  it('keeps working in memory when the storage is full: every action is sent when the hub is back', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // jsdom's quota (5,000,000 code units per origin, as in browsers), used up.
    localStorage.setItem('filler', 'x'.repeat(5_000_000 - 'filler'.length));
    await archiveWhileAway();
    // Another action while the hub is still away: the archive is tried again first, and waits again.
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    await eventually(() => mailStore.getState().actions.filter((action) => action.state === 'unsent').length === 2, 'the star waiting too');
    expect(kept()).toEqual([]);
    expect(warn).toHaveBeenCalledWith('could not keep the unsent actions for after a reload', expect.stringMatching(/quota/i));
    await server.start();
    await connected();
    await eventually(() => toasts()[0] === DONE && posted().length === 2, 'both sent');
    expect(posted()).toEqual(['archive m3', 'flag m2']);
    expect(row('m2').getAttribute('data-flagged')).toBe('true');
  });
});

async function postAsAnotherTab(request: ActionRequest): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/actions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
  expect(res.status).toBe(202);
}
