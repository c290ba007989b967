// Proves the private Dovecot helper and the corpus against a real server, read through
// imapflow (the client the sync engine uses), so later tests can trust both.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow, type ImapFlowOptions, type MessageStructureObject } from 'imapflow';
import type { CorpusMessage } from './corpus-message.js';
import { buildCorpus } from './corpus.js';
import { syntheticMessages } from './synthetic-corpus.js';
import { SPECIAL_MAILBOXES, startDovecot, type DovecotInstance } from './dovecot.js';

const corpus = buildCorpus();

async function connect(options: ImapFlowOptions): Promise<ImapFlow> {
  const client = new ImapFlow(options);
  // imapflow emits 'error' on socket failures; unhandled, it would crash the worker.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function withClient<T>(options: ImapFlowOptions, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connect(options);
  try {
    return await use(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

function mailboxesOf(messages: CorpusMessage[]): Map<string, CorpusMessage[]> {
  const byMailbox = new Map<string, CorpusMessage[]>();
  for (const message of messages) byMailbox.set(message.mailbox, [...(byMailbox.get(message.mailbox) ?? []), message]);
  return byMailbox;
}

function flatten(node: MessageStructureObject): MessageStructureObject[] {
  return [node, ...(node.childNodes ?? []).flatMap(flatten)];
}

async function downloadPart(client: ImapFlow, uid: number, part: MessageStructureObject): Promise<Buffer> {
  // A single-part message has no part number; its body is part 1.
  const download = await client.download(String(uid), part.part ?? '1', { uid: true });
  if (!download.content) throw new Error(`part ${part.part ?? '1'} of UID ${uid} not found`);
  const chunks: Buffer[] = [];
  for await (const chunk of download.content) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function lfText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
}

describe('private Dovecot with the fixed corpus', () => {
  let server: DovecotInstance;
  let alice: ImapFlowOptions;

  beforeAll(async () => {
    server = await startDovecot({ corpus });
    alice = server.imapOptions();
  });

  afterAll(async () => {
    await server?.destroy();
  });

  it('lists INBOX and the special-use mailboxes, subscribed', async () => {
    const listed = await withClient(alice, (client) => client.list());
    const byPath = new Map(listed.map((entry) => [entry.path, entry]));
    expect(byPath.has('INBOX')).toBe(true);
    for (const [name, use] of Object.entries(SPECIAL_MAILBOXES)) {
      const entry = byPath.get(name);
      expect(entry?.specialUse, name).toBe(use);
      expect(entry?.specialUseSource, name).toBe('extension');
      expect(entry?.subscribed, name).toBe(true);
    }
    expect(listed[0]?.delimiter).toBe('/');
  });

  it('has them subscribed before any client: opening them rewrites no subscriptions file', async () => {
    // Rewritten under subscriptions.lock, it could be left locked by a test that froze and killed
    // the server then, and the next LIST waited Dovecot's 30 s for the lock to go stale.
    const file = path.join(server.mailDir(server.users[0]!.user), 'subscriptions');
    const before = statSync(file).mtimeMs;
    await withClient(alice, async (client) => {
      for (const name of Object.keys(SPECIAL_MAILBOXES)) await client.mailboxOpen(name);
      await client.list();
    });
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readFileSync(file, 'utf8').split('\n')).toEqual(expect.arrayContaining(Object.keys(SPECIAL_MAILBOXES)));
  });

  it('serves every corpus message with its decoded headers, flags, dates and parts', async () => {
    await withClient(alice, async (client) => {
      for (const [mailbox, expected] of mailboxesOf(corpus)) {
        const status = await client.status(mailbox, { messages: true });
        expect(status && status.messages, mailbox).toBe(expected.length);

        await client.mailboxOpen(mailbox);
        const fetched = await client.fetchAll('1:*', {
          uid: true,
          envelope: true,
          flags: true,
          bodyStructure: true,
          internalDate: true,
          headers: ['references'],
        });
        // Seeded file names sort in corpus order, and Dovecot assigns UIDs in name order.
        expect(fetched.map((message) => message.envelope?.messageId)).toEqual(expected.map((message) => message.expected.messageId));

        for (const [index, message] of fetched.entries()) {
          const want = expected[index];
          if (!want) throw new Error('corpus and mailbox differ in length');
          const facts = want.expected;
          const label = `${mailbox} ${facts.messageId}`;
          const envelope = message.envelope;
          expect(envelope?.subject ?? '', label).toBe(facts.subject);
          expect(envelope?.from?.[0]?.name ?? '', label).toBe(facts.fromName);
          expect(envelope?.from?.[0]?.address, label).toBe(facts.fromAddress);
          expect((envelope?.to ?? []).map((address) => address.address), label).toEqual(facts.to);
          expect(envelope?.inReplyTo, label).toBe(facts.inReplyTo);
          expect(new Date(envelope?.date ?? 0).getTime(), label).toBe(facts.date.getTime());
          expect(new Date(message.internalDate ?? 0).getTime(), label).toBe(want.internalDate.getTime());
          const references = /^references:([\s\S]*)$/im.exec(message.headers?.toString('utf8') ?? '')?.[1]?.trim();
          expect(references ? references.split(/\s+/) : [], label).toEqual(facts.references);
          // \Recent is session state the server adds, not a stored flag.
          const flags = [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
          expect(flags, label).toEqual([...want.flags].sort());

          const parts = message.bodyStructure ? flatten(message.bodyStructure) : [];
          const attachments = parts.filter((part) => part.disposition === 'attachment' || part.disposition === 'inline');
          expect(attachments.some((part) => part.disposition === 'attachment'), label).toBe(facts.hasAttachments);
          expect(
            attachments.map((part) => ({ type: part.type, disposition: part.disposition, filename: part.dispositionParameters?.filename ?? '', id: part.id })),
            label,
          ).toEqual(
            facts.attachments.map((attachment) => ({
              type: attachment.contentType,
              disposition: attachment.disposition,
              filename: attachment.filename,
              id: attachment.contentId === undefined ? undefined : `<${attachment.contentId}>`,
            })),
          );
        }

        // Bodies, after the fetch has finished (no commands inside a fetch). imapflow
        // decodes transfer encoding, and charset for text parts, to UTF-8.
        for (const [index, message] of fetched.entries()) {
          const facts = expected[index]?.expected;
          if (!facts || !message.bodyStructure) continue;
          const parts = flatten(message.bodyStructure);
          const bodyPart = (type: string): MessageStructureObject | undefined => parts.find((part) => part.type === type && part.disposition !== 'attachment');
          for (const [type, want] of [['text/plain', facts.text], ['text/html', facts.html]] as const) {
            const part = bodyPart(type);
            expect(part !== undefined, `${facts.messageId} has ${type}`).toBe(want !== undefined);
            if (!part || want === undefined) continue;
            const content = await downloadPart(client, message.uid, part);
            expect(lfText(content.toString('utf8')), `${facts.messageId} ${type}`).toBe(want);
          }
          const attachmentParts = parts.filter((part) => part.disposition === 'attachment' || part.disposition === 'inline');
          for (const [attachmentIndex, part] of attachmentParts.entries()) {
            const content = await downloadPart(client, message.uid, part);
            expect(content.length, `${facts.messageId} attachment ${attachmentIndex}`).toBe(facts.attachments[attachmentIndex]?.size);
          }
        }
      }
    });
  });

  it('rejects a wrong password', async () => {
    const wrong: ImapFlowOptions = { ...alice, auth: { user: 'alice@mailmind.test', pass: 'not-the-password' } };
    await expect(connect(wrong)).rejects.toMatchObject({ authenticationFailed: true });
  });

  it('appendRaw makes a new message visible to IMAP clients', async () => {
    const raw = 'From: Dave <dave@mailmind.test>\r\nTo: bob@mailmind.test\r\nSubject: Appended\r\nMessage-ID: <appended-1@mailmind.test>\r\n\r\nHello Bob\r\n';
    const appended = await server.appendRaw('bob@mailmind.test', 'INBOX', raw, ['\\Flagged']);
    expect(appended.uid).toBeGreaterThan(0);
    await withClient(server.imapOptions('bob@mailmind.test'), async (client) => {
      await client.mailboxOpen('INBOX');
      const message = await client.fetchOne(String(appended.uid), { envelope: true, flags: true }, { uid: true });
      expect(message && message.envelope?.subject).toBe('Appended');
      expect(message && [...(message.flags ?? [])]).toContain('\\Flagged');
    });
  });

  it('seeds a running server, into new nested non-ASCII mailboxes and indexed ones, in order', async () => {
    const bulk = [...syntheticMessages(2000, { seed: 7, mailbox: 'Projekte/Größe' })];
    const started = Date.now();
    expect(await server.seedMessages('bob@mailmind.test', bulk)).toBe(2000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const bob = server.imapOptions('bob@mailmind.test');
    await withClient(bob, async (client) => {
      const listed = await client.list();
      expect(listed.find((entry) => entry.path === 'Projekte/Größe')?.subscribed).toBe(true);
      await client.mailboxOpen('Projekte/Größe');
      const fetched = await client.fetchAll('1:*', { uid: true, envelope: true });
      expect(fetched.map((message) => message.envelope?.messageId)).toEqual(bulk.map((message) => message.expected.messageId));
    });

    // Bob's INBOX is already indexed (appendRaw used it): new files must still show up.
    const before = await withClient(bob, (client) => client.status('INBOX', { messages: true, uidNext: true }));
    const late = [...syntheticMessages(3, { seed: 8 })];
    await server.seedMessages('bob@mailmind.test', late);
    await withClient(bob, async (client) => {
      await client.mailboxOpen('INBOX');
      const fetched = await client.fetchAll(`${before && before.uidNext}:*`, { uid: true, envelope: true }, { uid: true });
      expect(fetched.map((message) => message.envelope?.messageId)).toEqual(late.map((message) => message.expected.messageId));
    });
  });

  it('doveadm works against the instance', async () => {
    const inboxCount = corpus.filter((message) => message.mailbox === 'INBOX').length;
    const output = await server.doveadm(['mailbox', 'status', '-u', 'alice@mailmind.test', 'messages', 'INBOX']);
    expect(output.trim()).toMatch(new RegExp(`(^| )messages=${inboxCount}$`));
    await expect(server.doveadm(['mailbox', 'status', '-u', 'alice@mailmind.test', 'messages', 'NoSuchBox'])).rejects.toThrow(/NoSuchBox|not exist/i);
  });

  it('stop() drops connected sessions and refuses new ones; start() serves the same mail again', async () => {
    const client = await connect(alice);
    await client.mailboxOpen('INBOX');
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));

    await server.stop();
    expect(server.running).toBe(false);
    await closed; // the session process died with the group, not just the master
    await expect(connect(alice)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await server.start();
    const inboxCount = corpus.filter((message) => message.mailbox === 'INBOX').length;
    const status = await withClient(alice, (again) => again.status('INBOX', { messages: true }));
    expect(status && status.messages).toBe(inboxCount);
  });
});

describe('private Dovecot with TLS', () => {
  let server: DovecotInstance;

  beforeAll(async () => {
    server = await startDovecot({ tls: true, users: [{ user: 'tls@mailmind.test', password: 'tls-password' }] });
  });

  afterAll(async () => {
    await server?.destroy();
  });

  it('serves implicit TLS and STARTTLS with its self-signed certificate', async () => {
    const implicit = await withClient(server.imapOptions(undefined, 'implicit-tls'), async (client) => client.secureConnection);
    expect(implicit).toBe(true);
    const upgraded = await withClient(server.imapOptions(undefined, 'starttls'), async (client) => client.secureConnection);
    expect(upgraded).toBe(true);
    const plain = await withClient(server.imapOptions(), async (client) => client.secureConnection);
    expect(plain).toBe(false);
  });
});
