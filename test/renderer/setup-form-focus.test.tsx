// @vitest-environment jsdom
// Where the focus goes when "Add account" fails. The button is disabled while the hub checks the
// login, which leaves the focus nowhere (in Chromium, on <body>); after a failure it now goes to
// the field in error, as a browser's own form validation does, or to the error summary when no
// field is to blame. A real hub and a real Dovecot; the bridge is a stand-in for the Electron
// preload (the binary cannot run here).
import { createServer } from 'node:net';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { HubConnection } from '../../shared/bridge';
import { ApiProvider } from '../../renderer/src/api/api-context';
import { AuthProvider } from '../../renderer/src/auth/auth-context';
import { SetupForm } from '../../renderer/src/components/SetupForm';
import { startDovecot, type DovecotInstance } from '../support/mail/dovecot';
import { startTestHub, type TestHub } from '../support/test-hub';

let dovecot: DovecotInstance;
let t: TestHub;

beforeAll(async () => {
  dovecot = await startDovecot();
  t = await startTestHub();
}, 60_000);

afterEach(() => {
  cleanup();
  delete window.mailmind;
});

afterAll(async () => {
  await t?.stop();
  await dovecot?.destroy();
});

function renderFormFor(connection: () => Promise<HubConnection>): void {
  window.mailmind = { getHubConnection: connection, onOpenMessage: () => () => undefined };
  render(
    <AuthProvider>
      <ApiProvider>
        <SetupForm />
      </ApiProvider>
    </AuthProvider>,
  );
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;
const addButton = () => screen.getByRole('button', { name: /Add account|Checking the login/ }) as HTMLButtonElement;

/** Fills the form for the Dovecot's first user, with `password`. */
function fill(password: string): void {
  const user = dovecot.users[0]!;
  fireEvent.change(input('Email address'), { target: { value: user.user } });
  fireEvent.change(input('IMAP server'), { target: { value: '127.0.0.1' } });
  fireEvent.change(input('Port'), { target: { value: String(dovecot.port) } });
  fireEvent.change(screen.getByLabelText('Security'), { target: { value: 'none' } });
  fireEvent.change(input('Password'), { target: { value: password } });
}

/** A click on "Add account", with the focus a click gives the button. */
function clickAdd(): void {
  addButton().focus();
  fireEvent.click(addButton());
}

it('after a refused login, focuses the password with its text selected, and says why', async () => {
  renderFormFor(async () => t.hub.connection());
  await waitFor(() => expect(addButton().disabled).toBe(false));
  fill('not-the-password');
  clickAdd();
  await waitFor(() => expect(addButton().textContent).toBe('Checking the login…'));
  const error = await waitFor(() => screen.getByTestId('error-password'), { timeout: 15_000 });
  expect(error.textContent).toMatch(/refused the login/);
  const password = input('Password');
  await waitFor(() => expect(document.activeElement).toBe(password));
  expect([password.selectionStart, password.selectionEnd]).toEqual([0, 'not-the-password'.length]);
  expect(password.getAttribute('aria-invalid')).toBe('true');
  expect(password.getAttribute('aria-describedby')).toBe(error.id);
});

it('after a refused connection, focuses the port the error asks about, and says which', async () => {
  renderFormFor(async () => t.hub.connection());
  await waitFor(() => expect(addButton().disabled).toBe(false));
  fill(dovecot.users[0]!.password);
  // A port nothing listens on: the hub asks "Is the port right?".
  fireEvent.change(input('Port'), { target: { value: '1' } });
  clickAdd();
  const error = await waitFor(() => screen.getByTestId('error-port'), { timeout: 15_000 });
  expect(error.textContent).toBe('127.0.0.1 refused the connection on port 1. Is the port right? IMAP is usually 993 (SSL/TLS) or 143 (STARTTLS)');
  await waitFor(() => expect(document.activeElement).toBe(input('Port')));
  expect(screen.queryByTestId('error-host')).toBeNull();
});

it('after a check of the fields, focuses the first one in error', async () => {
  renderFormFor(async () => t.hub.connection());
  await waitFor(() => expect(addButton().disabled).toBe(false));
  fireEvent.change(input('Password'), { target: { value: 'x' } });
  clickAdd();
  expect(screen.getByTestId('error-email').textContent).toContain('Enter an email address');
  expect(screen.getByTestId('error-host')).toBeTruthy();
  expect(document.activeElement).toBe(input('Email address'));
});

it('when no field is to blame (the hub is gone), focuses the error summary', async () => {
  // A port nothing listens on any more.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  renderFormFor(async () => ({ ...t.hub.connection(), apiUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/events` }));
  await waitFor(() => expect(addButton().disabled).toBe(false));
  fill('whatever');
  clickAdd();
  const summary = await waitFor(() => screen.getByTestId('error-form'), { timeout: 10_000 });
  expect(summary.textContent).toContain('not reachable');
  await waitFor(() => expect(document.activeElement).toBe(summary));
});
