// `npm run demo` (after its build step): a private Dovecot with mail in several folders, the
// hub with that account, and a URL that opens the app; SIGTERM leaves nothing behind.
// (Needs `npm run build` and Dovecot.)
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { Account, Mailbox } from '../../shared/model';

const ROOT = join(import.meta.dirname, '..', '..');
const demoDirs = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('mailmind-demo-'));
const dirsBefore = demoDirs();
const demo = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo.ts')], { cwd: ROOT });
let stdout = '';
let stderr = '';
demo.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
demo.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));

afterAll(() => {
  if (demo.exitCode === null) demo.kill('SIGKILL');
});

async function until<T>(read: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs: number): Promise<T> {
  for (const began = Date.now(); Date.now() - began < timeoutMs; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const value = await read();
    if (value !== undefined) return value;
  }
  throw new Error(`${what} within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`);
}

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

it('prints a URL that opens the app with the demo account synced in several folders, and stops cleanly', async () => {
  const line = await until(() => /IMAP (\S+) on 127\.0\.0\.1:(\d+)\)\. Open (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(stdout) ?? undefined, 'the demo printed its URL', 90_000);
  const [, user, imapPort, origin, token] = line;
  const api = async <T,>(path: string): Promise<T> => (await (await fetch(`${origin}${path}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as T;

  const page = await fetch(`${origin}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root"');

  const { accounts } = await api<{ accounts: Account[] }>('/api/accounts');
  expect(accounts.map((a) => a.email)).toEqual([user]);
  await until(async () => ((await api<{ accounts: Account[] }>('/api/accounts')).accounts[0]?.status.state === 'idle' ? true : undefined), 'the demo account synced', 60_000);
  const { mailboxes } = await api<{ mailboxes: Mailbox[] }>('/api/mailboxes');
  const total = (path: string) => mailboxes.find((m) => m.path === path)?.total ?? 0;
  expect(total('INBOX')).toBeGreaterThan(1000);
  expect(total('Archive')).toBeGreaterThan(100);
  expect(total('Sent')).toBeGreaterThan(100);

  expect(demoDirs().length).toBe(dirsBefore.length + 1);
  demo.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(await portOpen(Number(imapPort))).toBe(false);
  expect(demoDirs()).toEqual(dirsBefore);
}, 180_000);
