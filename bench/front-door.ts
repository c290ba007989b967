// Front-door benchmarks: the hub's event fan-out and connect path, each
// against a bare `ws` server doing the minimum in the same run, so the figure
// that matters is the ratio (machines here are noisy).
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { startHub } from '../electron/hub/create-hub';
import { silentLogger } from '../electron/hub/logger';
import { createMemoryVault } from '../electron/hub/vault/secret-vault';
import type { HubEvent } from '../shared/protocol';

export interface Figure {
  name: string;
  hub: number;
  baseline: number;
  unit: string;
}

const CLIENTS = 20;
const EVENTS = 5000;
const CONNECTS = 200;
const ROUNDS = 3;

function sampleEvent(i: number): HubEvent {
  return {
    type: 'email.updated',
    payload: {
      message: {
        id: `m${i}`,
        accountId: 'a1',
        mailboxId: 'inbox',
        uid: i,
        messageId: `<${i}@example.test>`,
        subject: `Quarterly report number ${i} — please review`,
        from: { name: 'Alice Example', address: 'alice@example.test' },
        to: [{ name: 'Bob', address: 'bob@example.test' }],
        cc: [],
        date: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        receivedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
        flags: ['\\Seen'],
        size: 4096,
        hasAttachments: false,
        snippet: 'Hi Bob, attached is the report we discussed on Monday. Let me know what you think.',
      },
    },
  };
}

/** Opens the clients, then times `start()` until every client has received all EVENTS messages. */
async function fanOut(url: string, start: () => void): Promise<number> {
  let started = false;
  const counters: Array<Promise<void>> = [];
  const clients = await Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url);
          counters.push(
            new Promise<void>((done) => {
              let received = 0;
              // Count only what arrives after the start (hello / hub.ready come first).
              ws.on('message', () => {
                if (started && ++received === EVENTS) done();
              });
            }),
          );
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  started = true;
  const began = performance.now();
  start();
  await Promise.all(counters);
  const elapsed = performance.now() - began;
  for (const ws of clients) ws.close(1000);
  return elapsed;
}

async function timeConnects(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CONNECTS; i += 1) {
    const began = performance.now();
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('message', () => {
        times.push(performance.now() - began);
        ws.close(1000);
        resolve();
      });
      ws.once('error', reject);
    });
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

async function withBareServer<T>(run: (url: string, broadcast: (text: string) => void) => Promise<T>): Promise<T> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', (ws) => ws.send('{"type":"hello","payload":{}}'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    return await run(`ws://127.0.0.1:${port}/`, (text) => {
      for (const ws of wss.clients) ws.send(text);
    });
  } finally {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    http.close();
  }
}

export async function benchFrontDoor(): Promise<Figure[]> {
  const events = Array.from({ length: EVENTS }, (_, i) => sampleEvent(i));
  const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-bench-'));
  const hub = await startHub({ dataDir, vault: createMemoryVault(), logger: silentLogger, hubVersion: 'bench', server: { maxConnections: CLIENTS + 5 } });
  const hubUrl = `${hub.connection().wsUrl}?token=${hub.connection().token}`;
  try {
    // Alternate hub and baseline rounds and keep each one's best, so that JIT
    // warm-up and noise do not favour whichever runs second.
    let hubFanOut = Infinity;
    let bareFanOut = Infinity;
    let hubConnect = Infinity;
    let bareConnect = Infinity;
    for (let round = 0; round < ROUNDS; round += 1) {
      hubFanOut = Math.min(hubFanOut, await fanOut(hubUrl, () => events.forEach((event) => hub.publish(event))));
      bareFanOut = Math.min(
        bareFanOut,
        await withBareServer((url, broadcast) => fanOut(url, () => events.forEach((event) => broadcast(JSON.stringify(event))))),
      );
      hubConnect = Math.min(hubConnect, await timeConnects(hubUrl));
      bareConnect = Math.min(bareConnect, await withBareServer((url) => timeConnects(url)));
    }
    return [
      { name: `event fan-out: ${EVENTS} events to ${CLIENTS} sockets (best of ${ROUNDS})`, hub: hubFanOut, baseline: bareFanOut, unit: 'ms' },
      { name: `connect → first event (median of ${CONNECTS}, best of ${ROUNDS} rounds)`, hub: hubConnect, baseline: bareConnect, unit: 'ms' },
    ];
  } finally {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
