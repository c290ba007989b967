// The headless hub's port across restarts: the choice between an explicit port
// and the remembered one, the file that remembers it, and the fallback when the
// remembered port is taken by another program (a real listening socket).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { choosePort, readLastPort, rememberPort } from '../../electron/headless/last-port';
import { startTestHub, type TestHub } from '../support/test-hub';

let dataDir: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-port-'));
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dataDir, { recursive: true, force: true });
});

async function occupyPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
  const address = blocker.address();
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

async function hubOn(options: { port: number; freePortIfTaken: boolean }): Promise<TestHub> {
  const t = await startTestHub(options);
  cleanups.push(() => t.stop());
  return t;
}

describe('choosePort', () => {
  it('lets an explicit port win, 0 included, and insists on it', () => {
    expect(choosePort(5000, 6000)).toEqual({ port: 5000, freePortIfTaken: false });
    expect(choosePort(0, 6000)).toEqual({ port: 0, freePortIfTaken: false });
  });

  it('otherwise tries the remembered port, falling back to a free one; with none, any free port', () => {
    expect(choosePort(null, 6000)).toEqual({ port: 6000, freePortIfTaken: true });
    expect(choosePort(null, null)).toEqual({ port: 0, freePortIfTaken: false });
  });
});

describe('the remembered port', () => {
  it('is read back as written, and nothing is remembered in a fresh data folder', async () => {
    expect(await readLastPort(dataDir)).toBeNull();
    await rememberPort(dataDir, 41234);
    expect(await readLastPort(dataDir)).toBe(41234);
    expect(JSON.parse(await readFile(join(dataDir, 'serve-port.json'), 'utf8'))).toEqual({ port: 41234 });
  });

  it('is ignored when the file does not hold a usable port', async () => {
    for (const text of ['not json', '{"port": 0}', '{"port": 70000}', '{"port": "8080"}', '[]']) {
      await writeFile(join(dataDir, 'serve-port.json'), text);
      expect(await readLastPort(dataDir)).toBeNull();
    }
  });
});

describe('listening on the remembered port', () => {
  it('falls back to a free port when another program holds it', async () => {
    const taken = await occupyPort();
    const t = await hubOn({ port: taken, freePortIfTaken: true });
    expect(t.hub.port).not.toBe(taken);
    expect(t.hub.port).toBeGreaterThan(0);
    expect((await fetch(`${t.hub.origin}/api/status`, { headers: { Authorization: `Bearer ${t.token}` } })).status).toBe(200);
  });

  it('takes the port when it is free', async () => {
    const port = await occupyPort();
    await cleanups.pop()!(); // free it again
    const t = await hubOn({ port, freePortIfTaken: true });
    expect(t.hub.port).toBe(port);
  });

  it('fails with EADDRINUSE for an explicit port that is taken', async () => {
    const taken = await occupyPort();
    await expect(startTestHub({ dataDir, port: taken, freePortIfTaken: false })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
