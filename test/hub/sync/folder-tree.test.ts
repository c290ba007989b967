// The folder list as the sidebar shows it and the sync walks it: INBOX, the special folders in
// their fixed order, then the rest by name, each folder's subfolders right after it. Against a
// real Dovecot, except the one answer it cannot give (attribute spelling), which a named fake plays.
import { readFile, writeFile } from 'node:fs/promises';
import type { ImapFlow, ListResponse } from 'imapflow';
import { afterAll, expect, it } from 'vitest';
import { listMailboxes } from '../../../electron/hub/sync/mailbox-list';
import { startDovecot, type DovecotInstance } from '../../support/mail/dovecot';
import { withImapClient } from '../../support/synced-account';

const servers: DovecotInstance[] = [];
afterAll(async () => {
  for (const server of servers) await server.destroy();
});

async function serverWith(folders: string[], options: Parameters<typeof startDovecot>[0] = {}): Promise<DovecotInstance> {
  const dovecot = await startDovecot(options);
  servers.push(dovecot);
  await withImapClient(dovecot, async (client) => {
    for (const folder of folders) await client.mailboxCreate(folder);
  });
  return dovecot;
}

const listed = (dovecot: DovecotInstance) => withImapClient(dovecot, (client) => listMailboxes(client, false));

it('puts every subfolder right after its parent, special folders first, the rest by name', async () => {
  const dovecot = await serverWith(['Work', 'Work/Sub', 'Work Stuff', 'Work-old', 'INBOX/Receipts', 'Sent/Old', 'Archive/2023', 'A&B', 'Zeta']);
  const boxes = await listed(dovecot);
  expect(boxes.map(({ input }) => input.path)).toEqual([
    'INBOX',
    'INBOX/Receipts',
    'Drafts',
    'Sent',
    'Sent/Old',
    'Archive',
    'Archive/2023',
    'Junk',
    'Trash',
    'A&B',
    'Work',
    'Work/Sub',
    'Work Stuff',
    'Work-old',
    'Zeta',
  ]);
  expect(boxes.map(({ input }) => input.sortKey)).toEqual(boxes.map((_, index) => index));
  expect(boxes.find(({ input }) => input.path === 'Sent/Old')?.input.specialUse).toBeNull();
});

// Dovecot as a server without SPECIAL-USE: the special folders are known by their names alone.
const WITHOUT_SPECIAL_USE = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT NAMESPACE UIDPLUS CHILDREN LIST-EXTENDED LIST-STATUS ESEARCH CONDSTORE MOVE UNSELECT';

it('knows special folders by name only at the top, not the user’s own subfolders named like them', async () => {
  const dovecot = await serverWith(['Sent Items', 'Deleted Items', 'Projects', 'Projects/Archive', 'Projects/Trash'], { specialMailboxes: {}, imapCapability: WITHOUT_SPECIAL_USE });
  const uses = Object.fromEntries((await listed(dovecot)).map(({ input }) => [input.path, input.specialUse]));
  expect(uses).toEqual({
    INBOX: '\\Inbox',
    'Sent Items': '\\Sent',
    'Deleted Items': '\\Trash',
    Projects: null,
    'Projects/Archive': null,
    'Projects/Trash': null,
  });
});

it('knows special folders by name right under the personal namespace prefix ("Mail/")', async () => {
  const dovecot = await startDovecot({ specialMailboxes: {}, imapCapability: WITHOUT_SPECIAL_USE });
  servers.push(dovecot);
  await dovecot.stop();
  const config = await readFile(dovecot.configPath, 'utf8');
  if (!config.includes('  separator = /')) throw new Error('the Dovecot config has changed: no namespace separator to follow');
  await writeFile(dovecot.configPath, config.replace('  separator = /', '  separator = /\n  prefix = Mail/'));
  await dovecot.start();
  await withImapClient(dovecot, async (client) => {
    for (const folder of ['Sent Items', 'Projects', 'Projects/Archive']) await client.mailboxCreate(folder);
  });
  const uses = Object.fromEntries((await listed(dovecot)).map(({ input }) => [input.path, input.specialUse]));
  expect(uses).toEqual({ INBOX: '\\Inbox', 'Mail/Sent Items': '\\Sent', 'Mail/Projects': null, 'Mail/Projects/Archive': null });
});

it('leaves out folders that cannot be selected however the server spells \\Noselect and \\NonExistent', async () => {
  // A named fake: Dovecot always spells them as RFC 3501 and RFC 5258 do; other servers differ in case.
  const entry = (path: string, flags: string[]): ListResponse =>
    ({ path, name: path.split('/').at(-1), delimiter: '/', parent: path.split('/').slice(0, -1), flags: new Set(flags), listed: true, subscribed: true, parentPath: '', pathAsListed: path }) as unknown as ListResponse;
  const fakeClient = {
    list: async () => [entry('INBOX', []), entry('Parent', ['\\NoSelect', '\\HasChildren']), entry('Parent/Child', []), entry('Gone', ['\\Nonexistent'])],
  } as unknown as ImapFlow;
  expect((await listMailboxes(fakeClient, false)).map(({ input }) => input.path)).toEqual(['INBOX', 'Parent/Child']);
});
