// `npm run serve` for real: the built headless hub in its own process, with a
// real keyring, opened in Debian's Chromium at the URL it prints.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { filesContaining } from '../support/files-containing';
import { startKeyringSession, type KeyringSession } from '../support/keyring-session';

const SERVE = join(import.meta.dirname, '..', '..', 'out', 'main', 'serve.js');

let session: KeyringSession;
let browser: Browser;
let dataDir: string;
let child: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let url: string;

beforeAll(async () => {
  session = await startKeyringSession();
  browser = await launchChromium();
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-serve-'));
  child = spawn(process.execPath, [SERVE, '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, ...session.env, MAILMIND_LOG_LEVEL: 'debug' },
  });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed; stderr: ${stderr}`)), 15_000);
    child.stdout.on('data', () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
});

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await browser?.close();
  await session?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm run serve', () => {
  it('prints exactly one line: the URL with the token in the fragment', () => {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
  });

  it('keeps the token in the keyring, not in the data folder', async () => {
    const token = url.split('#token=')[1] as string;
    expect(await filesContaining(dataDir, token)).toEqual([]);
    expect(stderr).toContain('"keyring":"available"');
  });

  it('opens in Chromium, connects, shows hub.ready, and takes the token out of the address bar', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByTestId('socket-state').and(page.locator('[data-state="open"]')).waitFor();
    await expect.poll(() => page.getByTestId('hub-info').textContent()).toMatch(/protocol 1, keyring available/);
    expect(await page.locator('[data-type="hub.ready"]').count()).toBeGreaterThan(0);
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // A reload keeps working from sessionStorage.
    await page.reload();
    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
    await page.close();
  });

  it('shuts down cleanly on SIGTERM: sockets closed with 1001, exit code 0, no token in the log', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator('[data-testid="socket-state"][data-state="open"]').waitFor();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await page.locator('[data-testid="socket-state"][data-state="reconnecting"]').waitFor();
    // The page saw the hub's own going-away close (1001 with its reason), not a dropped connection.
    expect(await page.locator('main').textContent()).toContain('Hub shutting down');
    const token = url.split('#token=')[1] as string;
    expect(stderr).not.toContain(token);
    expect(stderr).toContain('/ws/events/?token=REDACTED');
    await page.close();
  });
});
