// The app page's CSP enforced by a real browser (Debian's Chromium): the
// app:// handler's answers are served over loopback HTTP to a page, a
// stand-in hub and another local server count the requests that reach them.
// Electron's own Chromium is not available here (its binary cannot be
// downloaded); the policy language is the same.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/main/app-protocol';
import { contentSecurityPolicy } from '../../../electron/main/security/csp';
import { launchChromium } from '../../support/chromium';

interface CountingServer {
  server: Server;
  origin: string;
  port: number;
  /** Paths requested (HTTP requests and WebSocket upgrades). */
  hits: string[];
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

async function countingServer(): Promise<CountingServer> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  server.on('upgrade', (req: IncomingMessage, socket) => {
    hits.push(`upgrade ${req.url ?? ''}`);
    socket.destroy();
  });
  const port = await listen(server);
  return { server, origin: `http://127.0.0.1:${port}`, port, hits };
}

let dir: string;
let hub: CountingServer;
let other: CountingServer;
let app: Server;
let appOrigin: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  hub = await countingServer();
  other = await countingServer();
  dir = await mkdtemp(join(tmpdir(), 'mailmind-csp-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'app.js'), 'window.appRan = true;');
  await writeFile(
    join(dir, 'index.html'),
    `<!doctype html><html><head>
<base href="${other.origin}/">
<script src="/assets/app.js"></script>
<script>window.inlineRan = true;</script>
<script src="${other.origin}/evil.js"></script>
</head><body>
<img src="${other.origin}/remote.png">
<object data="${other.origin}/plugin.swf"></object>
</body></html>`,
  );
  const handler = createAppProtocolHandler({
    rendererDir: dir,
    csp: contentSecurityPolicy({ apiOrigin: hub.origin, wsOrigin: `ws://127.0.0.1:${hub.port}` }),
  });
  // The app:// handler behind plain HTTP: same answers, same headers.
  app = createServer((req, res) => {
    void handler(new Request(`app://mailmind${req.url ?? '/'}`)).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  appOrigin = `http://127.0.0.1:${await listen(app)}`;
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${appOrigin}/index.html`);
  await page.waitForLoadState('load');
});

afterAll(async () => {
  await browser?.close();
  for (const server of [hub?.server, other?.server, app]) await new Promise((resolve) => server?.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('CSP in Chromium', () => {
  it("runs the app's own script, and <base> cannot redirect it elsewhere", async () => {
    expect(await page.evaluate(() => (window as { appRan?: boolean }).appRan)).toBe(true);
    expect(other.hits).not.toContain('/assets/app.js');
  });

  it('runs no inline script and no script from another origin', async () => {
    expect(await page.evaluate(() => (window as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
    expect(other.hits).not.toContain('/evil.js');
  });

  it('loads no plugin content', () => {
    expect(other.hits).not.toContain('/plugin.swf');
  });

  it('lets remote images through (the reader frame blocks them per message)', () => {
    expect(other.hits).toContain('/remote.png');
  });

  it('connects to the hub (HTTP and WebSocket) and nowhere else', async () => {
    const result = await page.evaluate(
      async ({ hubOrigin, hubPort, otherOrigin, otherPort }) => {
        const tryFetch = (url: string) => fetch(url).then(
          (res) => `status ${res.status}`,
          () => 'blocked',
        );
        const trySocket = (url: string) =>
          new Promise<string>((resolve) => {
            try {
              const ws = new WebSocket(url);
              ws.onerror = () => resolve('error');
              ws.onopen = () => resolve('open');
            } catch {
              resolve('blocked');
            }
          });
        return {
          hubFetch: await tryFetch(`${hubOrigin}/api/status`),
          otherFetch: await tryFetch(`${otherOrigin}/exfiltrate`),
          hubSocket: await trySocket(`ws://127.0.0.1:${hubPort}/ws/events/`),
          otherSocket: await trySocket(`ws://127.0.0.1:${otherPort}/ws/events/`),
        };
      },
      { hubOrigin: hub.origin, hubPort: hub.port, otherOrigin: other.origin, otherPort: other.port },
    );
    expect(result.hubFetch).toBe('status 200');
    expect(result.otherFetch).toBe('blocked');
    expect(hub.hits).toContain('/api/status');
    expect(hub.hits).toContain('upgrade /ws/events/');
    expect(other.hits.filter((hit) => hit.includes('exfiltrate') || hit.startsWith('upgrade'))).toEqual([]);
  });

  it('applies to a srcdoc frame too (it inherits the policy): no inline script runs there', async () => {
    const ran = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<script>parent.frameScriptRan = true;</script><p>email</p>';
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
      document.body.append(frame);
      await loaded;
      return (window as { frameScriptRan?: boolean }).frameScriptRan ?? false;
    });
    expect(ran).toBe(false);
  });
});
