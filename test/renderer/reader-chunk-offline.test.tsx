// @vitest-environment jsdom
// A message first opened while the hub is down, in a browser: the reader's chunk (which the hub
// serves) cannot be fetched. The reader says so with a Retry, the message stays open, and the
// reader loads by itself once the hub's socket is open again; before, React.lazy kept the failed
// load and the reader stayed broken until a reload. The panes and the socket run against the
// stand-in hub of stand-in-hub-api.ts, stopped and started again on its port. jsdom reads
// modules from disk, not from the hub: the chunk's fetch is a stand-in (vi.mock) that fails
// while that hub is down, as the browser's does (test/e2e/reader-chunk-offline.test.ts has the real one).
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import NodeWebSocket from 'ws';
import { hubStore } from '../../renderer/src/stores/hub-store';
import { uiStore } from '../../renderer/src/stores/ui-store';
import { eventually, message, readerShows, row, startMailView } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { WsTestServer } from './ws-test-server';

const chunk = vi.hoisted(() => ({ reachable: true, loads: 0 }));

vi.mock('../../renderer/src/components/Reader', async (importOriginal) => {
  chunk.loads += 1;
  if (!chunk.reachable) throw new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1/assets/Reader.js');
  return importOriginal();
});

let server: WsTestServer;
const idle = window.requestIdleCallback;

beforeAll(() => {
  stubLayoutApis();
  // As in use-hub-socket.test.tsx: the `ws` client in place of jsdom's WebSocket.
  globalThis.WebSocket = NodeWebSocket as unknown as typeof WebSocket;
  // The page is not idle yet when the hub goes down: the reader's chunk was not fetched ahead.
  window.requestIdleCallback = () => 0;
});

afterAll(async () => {
  window.requestIdleCallback = idle;
  vi.restoreAllMocks();
  await closeApp(server);
});

const socketIs = (state: string) => eventually(() => hubStore.getState().socket === state, `the socket ${state}`, 10_000);

it('says the reader could not be loaded, keeps the message open, and loads the reader once the hub is back', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  ({ server } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, [message('m1', 'a1', 9), message('m2', 'a1', 8)], { socket: true }));
  await socketIs('open');

  chunk.reachable = false;
  await server.stop();
  await socketIs('reconnecting');
  fireEvent.click(row('m2'));
  const error = await screen.findByTestId('reader-load-error', undefined, { timeout: 5000 });
  expect(error.textContent).toContain('Could not load the reader: the app could not reach its mail service. The message will open when the service is back.');
  expect(chunk.loads).toBe(1);

  // Retry while the hub is still down: tried again, and the same message.
  fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
  await eventually(() => chunk.loads === 2, 'a second load');
  await waitFor(() => expect(screen.queryByText('Opening…')).toBeNull());
  expect(screen.getByTestId('reader-load-error')).toBeTruthy();
  expect(uiStore.getState().openId).toBe('m2');
  expect(row('m2').getAttribute('aria-current')).toBe('true');

  // The hub is back: the socket opens again and the reader loads, on the message still open.
  chunk.reachable = true;
  await server.start();
  await socketIs('open');
  await eventually(() => readerShows() === 'm2', 'the reader on m2', 10_000);
  expect(screen.queryByTestId('reader-load-error')).toBeNull();
  await waitFor(() => expect(screen.getByTestId('plain-text').textContent).toContain('The text of Report m2'), { timeout: 5000 });
  expect(uiStore.getState().openId).toBe('m2');
  expect(chunk.loads).toBe(3);
}, 30_000);
