// The built `serve` without --port, restarted on the same data folder: the
// address an open page holds still reaches the hub, unless another program has
// taken that port meanwhile. (Needs `npm run build`.)
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVE_ENTRY, startServe, type ServeProcess } from '../support/serve-process';

let dataDir: string;
let serve: ServeProcess | null = null;
let blocker: Server | null = null;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'mailmind-serve-port-'));
});

afterEach(async () => {
  await serve?.kill();
  serve = null;
  if (blocker) await new Promise((resolve) => blocker!.close(resolve));
  blocker = null;
  await rm(dataDir, { recursive: true, force: true });
});

describe('serve without --port', () => {
  it('comes back on the port it used last time', async () => {
    serve = await startServe(dataDir, {}, null);
    const first = serve.port;
    expect(await serve.stop()).toBe(0);
    serve = await startServe(dataDir, {}, null);
    expect(serve.port).toBe(first);
    expect(serve.stderr()).not.toContain('taken');
  });

  it('takes another port when the last one is taken, and remembers that one', async () => {
    serve = await startServe(dataDir, {}, null);
    const first = serve.port;
    await serve.stop();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(first, '127.0.0.1', resolve));

    serve = await startServe(dataDir, {}, null);
    const second = serve.port;
    expect(second).not.toBe(first);
    expect(serve.stderr()).toContain('the port used last time is taken');
    await serve.stop();
    serve = await startServe(dataDir, {}, null);
    expect(serve.port).toBe(second);
  });

  it('with an explicit port that is taken, says so and exits instead of moving', async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const child = spawn(process.execPath, [SERVE_ENTRY, '--port', String(taken), '--data-dir', dataDir]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close', not 'exit': the streams are drained by then.
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('MailMind could not start: the port is already in use');
  });
});
