// @vitest-environment jsdom
// Offline first, what the user saw is still there. With the hub stopped, a click on a folder
// viewed before said "Could not load messages: The app could not reach its mail service…" over
// an empty list, under a banner that said "Showing what is loaded". It shows the folder's
// messages as this window last loaded them, with a quiet note that they may be out of date, and
// loads them again once the hub is back. And the banner and the status bar said "(Hub shutting
// down)" for as long as the hub stayed away: once reconnecting has failed a few times, they say
// the hub is not reachable. The hub is the stand-in of stand-in-hub-api.ts on a real socket and
// port, stopped and started again.
import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { useApi } from '../../renderer/src/api/api-context';
import { MessageList } from '../../renderer/src/components/MessageList';
import { OfflineBanner } from '../../renderer/src/components/OfflineBanner';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { StatusBar } from '../../renderer/src/components/StatusBar';
import { useHubSocket } from '../../renderer/src/hub/use-hub-socket';
import { useDataRefresh } from '../../renderer/src/mail/use-data-refresh';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { alice, bob, eventually, mailboxes, message, rowIds } from './action-view';
import { closeApp, listShown, startApp, stubLayoutApis } from './jsdom-app';
import { summary } from './mail-fixtures';
import { serveStandInHubApi, type StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inInbox = [message('inbox-1', 'a1', 9), message('inbox-2', 'a1', 8)];
const project = (id: string, day: number) => summary(id, { id: 'a1:Projects', accountId: 'a1' }, day, { subject: `Plan ${id}` });
const inProjects = [project('project-1', 7), project('project-2', 6)];

let server: WsTestServer;
let hub: StandInHubApi;

/** The socket and the refreshes after it opens, as the app has them (App.tsx). */
function Connection() {
  useHubSocket();
  useDataRefresh(useApi());
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
  const panes = (
    <>
      <Connection />
      <OfflineBanner />
      <Sidebar />
      <MessageList />
      <StatusBar />
    </>
  );
  const atStart = listShown([alice, bob], mailboxes, { kind: 'mailbox', mailboxId: 'a1:INBOX' }, inInbox);
  server = await startApp(atStart, panes, (stand) => (hub = serveStandInHubApi(stand, { accounts: [alice, bob], mailboxes, messages: [...inInbox, ...inProjects] })));
  await connected();
});

afterEach(() => closeApp(server));

const connected = () => eventually(() => hubStore.getState().socket === 'open', 'the connection (back)', 15_000);
const openFolder = (mailboxId: string) => act(() => void fireEvent.click(document.querySelector(`[data-mailbox-id="${mailboxId}"]`)!));
const listError = () => screen.queryByRole('alert')?.textContent ?? null;
const staleNote = () => screen.queryByTestId('stale-list-note')?.textContent ?? null;
const offlineBanner = () => screen.queryByTestId('offline-banner')?.textContent ?? null;
const statusBar = () => document.querySelector('footer.statusbar')!.textContent!;

describe('a folder viewed before, while the hub is stopped', () => {
  it('shows its messages as last loaded, says they may be out of date, and loads it again when the hub is back', async () => {
    openFolder('a1:Projects');
    await eventually(() => rowIds().join() === 'project-1,project-2', 'Projects loaded');
    openFolder('a1:INBOX');
    await eventually(() => rowIds().join() === 'inbox-1,inbox-2', 'the Inbox loaded');
    expect(staleNote()).toBeNull();

    await server.stop();
    await eventually(() => offlineBanner() !== null, 'the offline banner');
    openFolder('a1:Projects');
    await eventually(() => rowIds().join() === 'project-1,project-2', 'Projects from memory');
    expect(listError()).toBeNull();
    expect(staleNote()).toContain('may be out of date');
    expect(document.querySelector('[data-mailbox-id="a1:Projects"]')!.getAttribute('aria-current')).toBe('true');

    // A folder never viewed in this window has nothing to show: it says why, as before.
    openFolder('a1:Archive');
    await eventually(() => listError() !== null, 'the Archive not loaded');
    expect(listError()).toContain('Could not load messages: The app could not reach its mail service');
    expect(staleNote()).toBeNull();
    openFolder('a1:INBOX');
    await eventually(() => rowIds().join() === 'inbox-1,inbox-2', 'the Inbox from memory');
    expect(staleNote()).toContain('may be out of date');

    // Mail that came meanwhile shows once the hub is back, without a click.
    hub.messages.set('inbox-new', message('inbox-new', 'a1', 10));
    await server.start();
    await connected();
    await eventually(() => rowIds().join() === 'inbox-new,inbox-1,inbox-2', 'the Inbox loaded again');
    expect(staleNote()).toBeNull();
    expect(listError()).toBeNull();
  }, 30_000);
});

describe('the hub stopped', () => {
  it('is said to be shutting down while it stops, and not reachable once reconnecting fails', async () => {
    // What the hub does as it stops: its sockets closed with 1001 and its reason, then gone.
    for (const connection of server.connections) connection.socket.close(1001, 'Hub shutting down');
    await Promise.all(server.connections.map((connection) => connection.closed));
    await server.stop();
    await eventually(() => offlineBanner() !== null, 'the offline banner');
    expect(offlineBanner()).toContain('The MailMind hub is not reachable (Hub shutting down)');
    expect(statusBar()).toContain('(Hub shutting down)');

    await eventually(() => !offlineBanner()!.includes('Hub shutting down'), 'the banner no longer says the hub is shutting down', 15_000);
    expect(offlineBanner()).toContain('Offline. The MailMind hub is not reachable. Showing what is loaded; reconnecting…');
    expect(statusBar()).toContain('Reconnecting… (hub not reachable)');
    expect(statusBar()).not.toContain('Hub shutting down');
  }, 30_000);
});
