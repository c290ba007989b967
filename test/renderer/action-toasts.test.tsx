// @vitest-environment jsdom
// Toasts for what needs one. Opening an unread message marks it read (queued and sent to the hub
// like any action) without a toast, as in Gmail and Thunderbird; so do star and read/unread, which
// are undone by doing them again (a toast for each click stacked three or four high): only a
// failure of these is shown. Archive, delete and move keep their toast and Undo, also when
// messages are read right after: five "Marked as read" toasts used to stack over the reader and
// push an "Archived" toast, Undo and all, off the screen.
// The API peer is the stand-in server of ws-test-server.ts (the real hub cannot be made to hold
// an answer back or refuse a mark-read on cue); the hub's reports go through the socket client's
// frame handler, as from the socket.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account, ErrorInfo, Mailbox, MessageSummary } from '../../shared/model';
import { ApiProvider, useApi } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { ActionToasts } from '../../renderer/src/components/ActionToasts';
import { MessageList } from '../../renderer/src/components/MessageList';
import { handleFrame } from '../../renderer/src/hub/socket-client';
import { useKeyboardShortcuts } from '../../renderer/src/mail/use-keyboard-shortcuts';
import { accountsLoaded, initialMailState, listLoaded, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, uiStore } from '../../renderer/src/stores/ui-store';
import { bridgeTo, stubLayoutApis } from './jsdom-app';
import { startWsTestServer, type WsTestServer } from './ws-test-server';

const account: Account = { id: 'a1', email: 'alice@example.test', displayName: 'Alice', imap: { host: 'h', port: 993, security: 'tls', user: 'alice' }, persistent: true, status: { state: 'idle' } };
const inbox: Mailbox = { id: 'mb1', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 6, unread: 6 };

/** Six unread messages, m1 the newest (jsdom lays nothing out: the list renders its six overscan rows). */
const messages: MessageSummary[] = Array.from({ length: 6 }, (_, i) => ({
  id: `m${i + 1}`,
  accountId: 'a1',
  mailboxId: 'mb1',
  uid: 100 - i,
  messageId: `<m${i + 1}@example.test>`,
  subject: `Subject ${i + 1}`,
  from: { name: 'Carol', address: 'carol@example.test' },
  to: [],
  cc: [],
  date: null,
  receivedAt: new Date(Date.UTC(2026, 0, 10 - i)).toISOString(),
  flags: [],
  size: 100,
  hasAttachments: false,
  snippet: '',
}));

interface PostedAction {
  type: string;
  messageIds: string[];
  actionId: string;
}

let server: WsTestServer;
let posted: PostedAction[];
/** What the next POST /api/actions gets: held until released, or refused. */
let nextPost: { hold?: Promise<void>; refuse?: ErrorInfo } | null;
let api: ReturnType<typeof useApi> = null;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => resolve(body));
  });
}

function MailView() {
  api = useApi();
  useKeyboardShortcuts(api);
  return (
    <>
      <MessageList />
      <ActionToasts />
    </>
  );
}

beforeAll(() => {
  stubLayoutApis();
});

beforeEach(async () => {
  server = await startWsTestServer();
  posted = [];
  nextPost = null;
  server.handleHttp = (req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || path !== '/api/actions') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
        return;
      }
      const request = JSON.parse(await readBody(req)) as { type: string; messageIds: string[] };
      const actionId = `act-${posted.length + 1}`;
      posted.push({ ...request, actionId });
      const answer = nextPost;
      nextPost = null;
      await answer?.hold;
      if (answer?.refuse) res.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: answer.refuse }));
      else res.writeHead(202, { 'Content-Type': 'application/json' }).end(JSON.stringify({ actionId }));
    })();
  };
  bridgeTo(server);
  api = null;
  uiStore.setState(initialUiState, true);
  const shown = listReset(mailboxesLoaded(accountsLoaded(initialMailState, [account]), [inbox]), { kind: 'mailbox', mailboxId: 'mb1' });
  mailStore.setState(listLoaded(shown, shown.list.generation, { messages, nextCursor: null }, true), true);
  render(
    <AuthProvider>
      <ApiProvider>
        <MailView />
      </ApiProvider>
    </AuthProvider>,
  );
  await eventually(() => api !== null, 'the API client');
});

afterEach(async () => {
  cleanup();
  delete window.mailmind;
  mailStore.setState(initialMailState, true);
  await server.stop().catch(() => undefined);
});

/** Waits (rendering meanwhile) until `check` holds. */
function eventually(check: () => boolean, what: string): Promise<void> {
  return waitFor(
    () => {
      if (!check()) throw new Error(`Timed out waiting for ${what}`);
    },
    { timeout: 5000 },
  );
}

const row = (id: string): HTMLElement => screen.getAllByTestId('message-row').find((r) => r.getAttribute('data-id') === id)!;
const toasts = (): string[] => screen.queryAllByTestId('action-toast').map((toast) => toast.textContent!.replace(/\s*(Undo)?✕$/u, ''));
const press = (key: string) => act(() => void fireEvent.keyDown(document.body, { key }));

/** The hub's report of an action, as it comes over the socket. */
function hubReports(actionId: string, state: 'applied' | 'failed', error?: ErrorInfo): void {
  act(() => void handleFrame(JSON.stringify({ type: 'action.status', payload: error ? { actionId, state, error } : { actionId, state } })));
}

/** Waits until the action posted `count`th has its hub id (the POST answered), then reports it applied. */
async function appliedByHub(count: number): Promise<PostedAction> {
  await eventually(() => posted.length >= count, `action ${count} posted`);
  const action = posted[count - 1]!;
  await eventually(() => mailStore.getState().actions.some((a) => a.actionId === action.actionId), `action ${count} accepted`);
  hubReports(action.actionId, 'applied');
  return action;
}

describe('action toasts', () => {
  it('marks opened messages read, stars and marks read or unread without a toast; archive keeps its toast, with Undo, while more are read', async () => {
    fireEvent.click(row('m1'));
    expect(row('m1').getAttribute('data-unread')).toBe('false');
    expect(await appliedByHub(1)).toMatchObject({ type: 'markRead', messageIds: ['m1'] });
    expect(toasts()).toEqual([]);

    // j with the reader open opens (and marks read) the next one: still no toast.
    press('j');
    expect(await appliedByHub(2)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(toasts()).toEqual([]);

    // Star, unstar, unread, read: each reaches the hub, none has a toast.
    press('s');
    expect(await appliedByHub(3)).toMatchObject({ type: 'flag', messageIds: ['m2'] });
    fireEvent.click(within(row('m2')).getByTestId('row-star'));
    expect(await appliedByHub(4)).toMatchObject({ type: 'unflag', messageIds: ['m2'] });
    press('u');
    expect(await appliedByHub(5)).toMatchObject({ type: 'markUnread', messageIds: ['m2'] });
    press('u');
    expect(await appliedByHub(6)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(toasts()).toEqual([]);

    // e with the reader open: the open message is archived, and says so with Undo; the reader
    // goes on to the next message, and marks it read.
    press('e');
    expect(await appliedByHub(7)).toMatchObject({ type: 'markRead', messageIds: ['m3'] });
    expect(await appliedByHub(8)).toMatchObject({ type: 'archive', messageIds: ['m2'] });
    await eventually(() => toasts()[0] === 'Archived 1 message — done', 'the archive toast done');
    expect(toasts()).toEqual(['Archived 1 message — done']);

    // Reading on: three more opened and marked read. The archive can still be undone.
    for (const [index, id] of ['m4', 'm5', 'm6'].entries()) {
      fireEvent.click(row(id));
      expect(await appliedByHub(9 + index)).toMatchObject({ type: 'markRead', messageIds: [id] });
    }
    expect(toasts()).toEqual(['Archived 1 message — done']);
    const archived = screen.getByTestId('action-toast');
    expect(archived.getAttribute('data-type')).toBe('archive');
    expect(within(archived).getByTestId('undo')).toBeTruthy();
  });

  it('keeps the toast of an archive made while the mark-read of opening was still on its way, and shows none for that', async () => {
    let release!: () => void;
    nextPost = { hold: new Promise<void>((resolve) => (release = resolve)) };
    fireEvent.click(row('m1'));
    await eventually(() => posted.length === 1, 'the mark-read posted');
    press('e');
    // The reader goes on to m2, and marks it read (quietly too).
    expect(await appliedByHub(2)).toMatchObject({ type: 'markRead', messageIds: ['m2'] });
    expect(await appliedByHub(3)).toMatchObject({ type: 'archive', messageIds: ['m1'] });
    await eventually(() => toasts()[0] === 'Archived 1 message — done', 'the archive toast done');
    // The mark-read's answer comes last, then the hub's report of it.
    release();
    await eventually(() => mailStore.getState().actions.some((a) => a.actionId === 'act-1'), 'the mark-read accepted');
    hubReports('act-1', 'applied');
    expect(toasts()).toEqual(['Archived 1 message — done']);
    expect(within(screen.getByTestId('action-toast')).getByTestId('undo')).toBeTruthy();
  });

  it('says when the mark-read of opening failed: refused by the server, or by the hub', async () => {
    fireEvent.click(row('m1'));
    await eventually(() => mailStore.getState().actions[0]?.actionId === 'act-1', 'the mark-read accepted');
    expect(toasts()).toEqual([]);
    hubReports('act-1', 'failed', { code: 'replay_failed', message: 'The server refused the change' });
    expect(toasts()).toEqual(['Marked as read 1 message — failed: The server refused the change']);
    expect(screen.getByTestId('action-toast').getAttribute('data-state')).toBe('failed');
    expect(within(screen.getByTestId('action-toast')).queryByTestId('undo')).toBeNull();

    nextPost = { refuse: { code: 'hub_unavailable', message: 'The hub is restarting' } };
    fireEvent.click(row('m2'));
    await eventually(() => toasts().length === 2, 'the second failure shown');
    expect(toasts()[0]).toBe('Marked as read 1 message — failed: The hub is restarting');
    // Not marked read after all.
    expect(row('m2').getAttribute('data-unread')).toBe('true');
  });
});
