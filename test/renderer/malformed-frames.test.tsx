// @vitest-environment jsdom
// A bogus event frame loses nothing: it is dropped with a warning, the socket stays
// open, and the window keeps showing the mailboxes and the messages. A part that
// throws while rendering shows an error with Reload in its place (PaneBoundary),
// not a blank window. The socket peer is the stand-in ws server (ws-test-server.ts):
// the real hub cannot be made to send a malformed frame.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import type { Account, Mailbox, MessageSummary } from '../../shared/model';
import type { HubEvent } from '../../shared/protocol';
import { ApiProvider } from '../../renderer/src/api/api-context';
import { App } from '../../renderer/src/App';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { MessageList } from '../../renderer/src/components/MessageList';
import { PaneBoundary } from '../../renderer/src/components/PaneBoundary';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { hubStore, initialHubState } from '../../renderer/src/stores/hub-store';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded, type MailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, stubLayoutApis } from './jsdom-app';
import { startWsTestServer, until, type WsTestServer } from './ws-test-server';

const account: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls', user: 'alice' }, persistent: true, status: { state: 'idle' } };
const mailbox: Mailbox = { id: 'mb1', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 1, unread: 1 };
const message: MessageSummary = {
  id: 'm1',
  accountId: 'a1',
  mailboxId: 'mb1',
  uid: 1,
  messageId: '<m1@example.test>',
  subject: 'Quarterly numbers',
  from: { name: 'Carol', address: 'carol@example.test' },
  to: [],
  cc: [],
  date: '2024-03-01T09:00:00.000Z',
  receivedAt: '2024-03-01T09:00:05.000Z',
  flags: [],
  size: 1200,
  hasAttachments: false,
  snippet: 'See the numbers',
};

/** The frames of the review: each one threw in a store or a render and blanked the window. */
const { flags: _flags, ...withoutFlags } = message;
const malformedFrames = [
  '{"type":"constructor","payload":{}}',
  JSON.stringify({ type: 'sync.status', payload: { accountId: 'a1', state: 'syncing', mailboxId: 'mb1', progress: { done: null, total: 5 } } }),
  JSON.stringify({ type: 'email.updated', payload: { message: withoutFlags } }),
  JSON.stringify({ type: 'email.deleted', payload: { ids: 'm1', mailboxId: 'mb1' } }),
];
const flagged: HubEvent = { type: 'email.updated', payload: { message: { ...message, flags: ['\\Flagged'] } } };

/** The account, its inbox and the inbox's one message, as the first fetch leaves them. */
function loadedState(): MailState {
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [account]), [mailbox]), { kind: 'mailbox', mailboxId: 'mb1' });
  return listLoaded(shown, shown.list.generation, { messages: [message], nextCursor: null }, true);
}

function expectMailShown(): void {
  expect(screen.getByTestId('account').textContent).toContain('Alice');
  expect(screen.getByRole('navigation', { name: 'Mailboxes' }).textContent).toContain('Inbox');
  expect(screen.getAllByTestId('message-row').map((row) => row.getAttribute('data-id'))).toEqual(['m1']);
  expect(screen.queryByTestId('pane-error')).toBeNull();
}

beforeAll(() => {
  stubLayoutApis();
  // As in use-hub-socket.test.tsx: the `ws` client implements the browser WebSocket API over a real socket.
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
});

beforeEach(() => {
  hubStore.setState(initialHubState, true);
  mailStore.setState(initialMailState, true);
  uiStore.setState(initialUiState, true);
  localStorage.clear();
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('handleFrame', () => {
  it('refuses each malformed frame, and the sidebar and the message list still render and follow events', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mailStore.setState(loadedState(), true);
    render(
      <>
        <Sidebar />
        <MessageList />
      </>,
    );
    expectMailShown();
    for (const frame of malformedFrames) {
      act(() => expect(handleFrame(frame), frame).toBe(false));
      expectMailShown();
    }
    expect(warn).toHaveBeenCalledTimes(malformedFrames.length);
    act(() => expect(handleFrame(JSON.stringify(flagged))).toBe(true));
    expect(screen.getByTestId('message-row').getAttribute('data-flagged')).toBe('true');
  });

  it('drops an event a store throws on, and names only its type in the warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    mailStore.setState(loadedState(), true);
    // A store listener that throws stands in for a reducer bug: the throw reaches handleFrame.
    const unsubscribe = mailStore.subscribe(() => {
      throw new Error(`cannot apply ${JSON.stringify(flagged)}`);
    });
    try {
      expect(handleFrame(JSON.stringify(flagged))).toBe(false);
    } finally {
      unsubscribe();
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = warn.mock.calls[0]!.join(' ');
    expect(logged).toContain('email.updated');
    expect(logged).not.toContain('Quarterly numbers');
    expect(logged).not.toContain('carol@example.test');
    // The next frame is applied as usual.
    expect(handleFrame(JSON.stringify({ type: 'email.deleted', payload: { ids: ['m1'], mailboxId: 'mb1' } }))).toBe(true);
    expect(mailStore.getState().list.ids).toEqual([]);
  });
});

describe('the app over its socket', () => {
  let server: WsTestServer;

  beforeEach(async () => {
    server = await startWsTestServer();
    // The hub's API as far as the first fetch goes: the same account, inbox and message.
    server.handleHttp = (req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const bodies: Record<string, unknown> = {
        '/api/accounts': { accounts: [account] },
        '/api/mailboxes': { mailboxes: [mailbox] },
        '/api/mailboxes/mb1/messages': { messages: [message], nextCursor: null },
      };
      const body = bodies[path];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: { code: 'not_found', message: 'Not found' } }));
    };
    bridgeTo(server);
  });

  afterEach(async () => {
    cleanup();
    delete window.mailmind;
    await server.stop().catch(() => undefined);
  });

  async function renderApp(): Promise<void> {
    render(
      <AuthProvider>
        <ApiProvider>
          <App />
        </ApiProvider>
      </AuthProvider>,
    );
    await until(() => hubStore.getState().socket === 'open' && screen.queryAllByTestId('message-row').length === 1, 'the app open, with its row');
  }

  /** Sends a good event over the socket and waits until the store has it: the socket still routes. */
  async function expectSocketRoutes(): Promise<void> {
    server.send(server.connections[0]!, { type: 'mailbox.updated', payload: { mailbox: { ...mailbox, unread: 0 } } });
    await until(() => mailStore.getState().mailboxes.mb1?.unread === 0, 'the next event applied');
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.closeCode).toBeNull();
    expect(hubStore.getState().socket).toBe('open');
  }

  it('keeps its socket and its panes through malformed frames', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await renderApp();
    for (const frame of malformedFrames) server.connections[0]!.socket.send(frame);
    await expectSocketRoutes();
    expectMailShown();
    expect(warn.mock.calls.filter(([text]) => String(text).includes('malformed hub event'))).toHaveLength(malformedFrames.length);
  });

  it('shows a failing pane as an error with Reload, and keeps the socket and the other panes', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error
    await renderApp();
    // Data that makes the sidebar throw (SyncProgress formats progress.done), put in the store
    // directly: the protocol check keeps it out of events, and any other path is what this guards.
    const broken = { accountId: 'a1', state: 'syncing', mailboxId: 'mb1', progress: { done: null, total: 5 } } as unknown as MailState['sync'][string];
    act(() => mailStore.setState((state) => ({ ...state, sync: { a1: broken } })));
    expect(screen.getByTestId('pane-error').textContent).toContain('The mailbox list could not be shown');
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
    expect(screen.getAllByTestId('message-row')).toHaveLength(1);
    await expectSocketRoutes();
  });
});

describe('PaneBoundary', () => {
  function Bomb({ explode }: { explode: boolean }) {
    if (explode) throw new Error('render failed');
    return <p>Rendered fine</p>;
  }

  it('shows its message and Reload in place of a child that throws, and renders the children again when its key changes', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the caught error
    const onReload = vi.fn();
    const view = render(
      <div>
        <p>Outside the boundary</p>
        <PaneBoundary label="The message" className="reader" resetKey="m1" onReload={onReload}>
          <Bomb explode />
        </PaneBoundary>
      </div>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The message could not be shown');
    expect(alert.className).toBe('reader pane-error');
    expect(screen.getByText('Outside the boundary')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledTimes(1);

    view.rerender(
      <div>
        <p>Outside the boundary</p>
        <PaneBoundary label="The message" className="reader" resetKey="m2" onReload={onReload}>
          <Bomb explode={false} />
        </PaneBoundary>
      </div>,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByText('Rendered fine')).toBeTruthy();
  });
});
