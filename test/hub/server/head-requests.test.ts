// HEAD on the hub's GET routes (RFC 9110 §9.3.2): answered as GET would be, with the same status
// and headers (Content-Length included) and no body; refused exactly as GET is without a token,
// with a wrong token or from a foreign Host. Against a real hub on a real socket: the raw reply
// is read off the socket, so a body sent by mistake would show.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { newMessage, storeLocalAccount } from '../../support/store-fixtures';
import { startTestHub, type TestHub } from '../../support/test-hub';

let t: TestHub;
let staticDir: string;
let inbox: MailboxRecord;
let messageId: string;

const RAW_WITH_ATTACHMENT = [
  'From: Sender <sender@example.test>',
  'To: Alice <alice@example.test>',
  'Subject: Report',
  'Message-ID: <report@test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See the attached report.',
  '--b',
  'Content-Type: text/csv; name="report.csv"',
  'Content-Disposition: attachment; filename="report.csv"',
  '',
  'quarter,total',
  'Q1,42',
  '--b--',
  '',
].join('\r\n');

beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'mailmind-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>MailMind</title>');
  await writeFile(join(staticDir, 'assets', 'index-abc.js'), 'console.log("mailmind");');
  t = await startTestHub({ staticDir });
  const { writes } = t.hub.store;
  ({ inbox } = storeLocalAccount(t.hub.store));
  writes.setSyncState(inbox.id, { uidValidity: 1 });
  const messages = Array.from({ length: 3 }, (_, i) => newMessage(i + 1, { subject: `Quarterly report ${i + 1}`, hasAttachments: i === 0 }));
  writes.transaction(() => writes.insertMessages(t.hub.store.reads.getMailbox(inbox.id)!, messages));
  const first = t.hub.store.reads.getMessageByUid(inbox.id, 1)!;
  // A cached body: the message and its attachment are answered without a mail server.
  writes.saveBody(first, Buffer.from(RAW_WITH_ATTACHMENT), 'See the attached report.');
  messageId = first.id;
});

afterAll(async () => {
  await t?.stop();
  await rm(staticDir, { recursive: true, force: true });
});

interface RawReply {
  status: number;
  headers: Record<string, string>;
  /** Everything after the header block: the body as sent. */
  body: string;
}

/**
 * Sends one request with `Connection: close` and reads the whole reply off the socket. An HTTP
 * client would stop reading a HEAD reply at the blank line and hide a body sent by mistake.
 */
function request(method: string, path: string, headers: Record<string, string>): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.hub.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: text.slice(split + 4) });
    });
    const head = { Host: `127.0.0.1:${t.hub.port}`, Connection: 'close', ...headers };
    // Written, not ended: a half-closed socket may be dropped before a slow answer; the server closes it after (Connection: close).
    socket.write(`${method} ${path} HTTP/1.1\r\n${Object.entries(head).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`);
  });
}

/** Headers that differ between any two replies (the clock) are left out. */
function comparable(headers: Record<string, string>): Record<string, string> {
  const { date: _date, ...rest } = headers;
  return rest;
}

/** HEAD and GET of `path`, checked to agree in status and headers, HEAD without a body. */
async function headMatchesGet(path: string, headers: Record<string, string>): Promise<{ get: RawReply; head: RawReply }> {
  const get = await request('GET', path, headers);
  const head = await request('HEAD', path, headers);
  expect(head.status, `HEAD ${path}`).toBe(get.status);
  expect(comparable(head.headers), `HEAD ${path}`).toEqual(comparable(get.headers));
  expect(head.body, `HEAD ${path}`).toBe('');
  return { get, head };
}

const bearer = (): Record<string, string> => ({ Authorization: `Bearer ${t.token}` });

describe('HEAD on the API', () => {
  it.each([
    ['the status', () => '/api/status'],
    ['the accounts', () => '/api/accounts'],
    ['the mailboxes', () => '/api/mailboxes'],
    ['a mailbox’s messages', () => `/api/mailboxes/${inbox.id}/messages?limit=2`],
    ['a search', () => '/api/search?q=quarterly'],
    ['a message', () => `/api/messages/${messageId}`],
  ])('answers %s as GET does, with its Content-Length and no body', async (_what, path) => {
    const { get } = await headMatchesGet(path(), bearer());
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(get.headers['content-length'])).toBe(Buffer.byteLength(get.body, 'latin1'));
    expect(Number(get.headers['content-length'])).toBeGreaterThan(0);
  });

  it('answers an attachment download as GET does: its type, disposition and length, no content', async () => {
    const { get } = await headMatchesGet(`/api/messages/${messageId}/attachments/0`, bearer());
    expect(get.status).toBe(200);
    expect(get.headers['content-type']).toBe('text/csv');
    expect(get.headers['content-disposition']).toMatch(/report\.csv/);
    expect(Number(get.headers['content-length'])).toBe(Buffer.byteLength(get.body, 'latin1'));
  });

  it.each([
    ['an unknown mailbox (404)', () => '/api/mailboxes/nope/messages', 404],
    ['a bad limit (400)', () => `/api/mailboxes/${inbox.id}/messages?limit=0`, 400],
    ['an unknown route (404)', () => '/api/nothing-here', 404],
  ])('answers %s with GET’s error status and headers', async (_what, path, status) => {
    const { get } = await headMatchesGet(path(), bearer());
    expect(get.status).toBe(status);
  });

  it('refuses HEAD as it refuses GET: no token, a wrong token, a foreign Host or Origin', async () => {
    const refusals: Array<[Record<string, string>, number]> = [
      [{}, 401],
      [{ Authorization: 'Bearer not-the-token' }, 401],
      [{ ...bearer(), Host: `evil.example:${t.hub.port}` }, 403],
      [{ ...bearer(), Origin: 'http://evil.example' }, 403],
    ];
    for (const [headers, status] of refusals) {
      for (const path of ['/api/status', `/api/messages/${messageId}/attachments/0`]) {
        const { head } = await headMatchesGet(path, headers);
        expect(head.status, `${JSON.stringify(headers)} ${path}`).toBe(status);
      }
    }
  });

  it('lists HEAD beside GET in a 405’s Allow, and not for a path without GET', async () => {
    const wrongMethod = await request('DELETE', '/api/status', bearer());
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    const postOnly = await request('HEAD', '/api/actions', bearer());
    expect(postOnly.status).toBe(405);
    expect(postOnly.headers.allow).toBe('POST');
    expect(postOnly.body).toBe('');
  });
});

describe('HEAD on the renderer’s files (headless mode)', () => {
  it.each(['/', '/index.html', '/assets/index-abc.js', '/mailbox/some-route', '/assets/missing.js'])('answers %s as GET does, without the file', async (path) => {
    const { get } = await headMatchesGet(path, {});
    // GET states its length too, so HEAD has one to state.
    expect(Number(get.headers['content-length'])).toBe(Buffer.byteLength(get.body, 'latin1'));
  });

  it('refuses a foreign Host as GET does', async () => {
    const { head } = await headMatchesGet('/', { Host: `evil.example:${t.hub.port}` });
    expect(head.status).toBe(403);
  });
});
