// The app:// protocol handler against a real folder of files: what it serves,
// with which headers, and that nothing outside the renderer folder can be
// reached. The scheme registration is checked against a recording double of
// Electron's protocol module (the real one needs the Electron binary, which
// cannot be downloaded on this machine).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler, fileInside, registerAppScheme, serveAppProtocol } from '../../electron/main/app-protocol';
import { parseCsp } from './csp-directives';
import { electronDouble } from './electron-double';

vi.mock('electron', async () => (await import('./electron-double')).electronModule);

const CSP = "default-src 'self'; connect-src http://127.0.0.1:9 ws://127.0.0.1:9";
let root: string;
let rendererDir: string;
let handle: (request: Request) => Promise<Response>;
const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mailmind-protocol-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>MailMind</title>');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  await writeFile(join(rendererDir, 'assets', 'file name.svg'), '<svg/>');
  // Files next to the renderer folder, which the page must never read.
  await writeFile(join(root, 'secret.txt'), 'outside');
  await mkdir(join(root, 'renderer-old'));
  await writeFile(join(root, 'renderer-old', 'secret.txt'), 'sibling with the same prefix');
  handle = createAppProtocolHandler({ rendererDir, csp: CSP });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('app:// scheme', () => {
  it('is registered as standard and secure (its own origin, fetch allowed), and served through protocol.handle', async () => {
    registerAppScheme(electronDouble.protocol as never);
    expect(electronDouble.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    serveAppProtocol(electronDouble.protocol as never, handle);
    const served = electronDouble.protocol.handlers.get('app') as unknown as typeof handle;
    expect((await served(new Request('app://mailmind/index.html'))).status).toBe(200);
  });
});

describe('app:// handler', () => {
  it('serves index.html for / and by name, as HTML', async () => {
    for (const url of ['app://mailmind/', 'app://mailmind/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>MailMind</title>');
    }
  });

  it('serves assets with their types, and escaped names', async () => {
    const script = await get('app://mailmind/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://mailmind/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await (await get('app://mailmind/assets/file%20name.svg')).text()).toBe('<svg/>');
  });

  it('sends the CSP (and nosniff, no referrer) with every answer, errors included', async () => {
    for (const url of ['app://mailmind/index.html', 'app://mailmind/assets/index-abc.js', 'app://mailmind/missing.js']) {
      const response = await get(url);
      expect(parseCsp(response.headers.get('content-security-policy') ?? '')).toEqual(parseCsp(CSP));
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('answers 404 for unknown files and folders', async () => {
    expect((await get('app://mailmind/missing.js')).status).toBe(404);
    expect((await get('app://mailmind/assets')).status).toBe(404);
    expect((await get('app://mailmind/assets/')).status).toBe(404);
  });

  it.each([
    'app://mailmind/..%2fsecret.txt',
    'app://mailmind/%2e%2e%2fsecret.txt',
    'app://mailmind/assets/..%2f..%2fsecret.txt',
    'app://mailmind/..%2frenderer-old%2fsecret.txt',
    'app://mailmind/..%5csecret.txt',
    'app://mailmind/%2fetc%2fpasswd',
    'app://mailmind/index.html%00.js',
    'app://mailmind/%E0%A4%A',
  ])('never reads outside the renderer folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
  });

  it('answers only its own host, and only reads', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://mailmind/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});

describe('fileInside', () => {
  it('keeps paths inside the folder and refuses the sibling with the same prefix', () => {
    expect(fileInside('/srv/renderer', '/assets/a.js')).toBe(join('/srv/renderer', 'assets', 'a.js'));
    expect(fileInside('/srv/renderer', '/')).toBe(join('/srv/renderer', 'index.html'));
    expect(fileInside('/srv/renderer', '/../renderer-old/a.js')).toBeNull();
    expect(fileInside('/srv/renderer', '/..')).toBeNull();
  });
});
