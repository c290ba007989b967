// How the hub's store differs from the server, folder by folder: the folders, each
// folder's UIDs, each message's flags and each folder's counts. An empty list: the
// store is the server's copy.
import type { DovecotInstance } from './mail/dovecot';
import { serverCopies } from './mail/server-copies';
import type { TestHub } from './test-hub';

export async function storeVsServer(dovecot: DovecotInstance, t: TestHub, accountId: string): Promise<string[]> {
  const server = new Map<string, Map<number, string[]>>();
  for (const copies of (await serverCopies(dovecot)).values()) {
    for (const { path, uid, flags } of copies) {
      if (!server.has(path)) server.set(path, new Map());
      server.get(path)!.set(uid, flags);
    }
  }
  const { reads } = t.hub.store;
  const mailboxes = reads.listMailboxes(accountId);
  const differences: string[] = [];
  for (const mailbox of mailboxes) {
    const onServer = server.get(mailbox.path) ?? new Map<number, string[]>();
    const uids = reads.uidsOf(mailbox.id);
    if (new Set(uids).size !== uids.length) differences.push(`${mailbox.path}: a UID stored twice`);
    const stored = new Set(uids);
    for (const uid of onServer.keys()) if (!stored.has(uid)) differences.push(`${mailbox.path}: UID ${uid} on the server, not in the store`);
    for (const uid of uids) if (!onServer.has(uid)) differences.push(`${mailbox.path}: UID ${uid} in the store, not on the server`);
    for (const message of reads.listMessages(mailbox.id, uids.length + 1).messages) {
      const flags = message.uid === null ? undefined : onServer.get(message.uid);
      if (flags && JSON.stringify([...message.flags].sort()) !== JSON.stringify(flags)) {
        differences.push(`${mailbox.path} UID ${message.uid}: flags ${message.flags.join(' ')} in the store, ${flags.join(' ')} on the server`);
      }
    }
    const unread = [...onServer.values()].filter((flags) => !flags.includes('\\Seen')).length;
    if (mailbox.total !== onServer.size || mailbox.unread !== unread) {
      differences.push(`${mailbox.path}: counts ${mailbox.total} / ${mailbox.unread} unread in the store, ${onServer.size} / ${unread} on the server`);
    }
  }
  for (const path of server.keys()) if (!mailboxes.some((mailbox) => mailbox.path === path)) differences.push(`${path}: on the server, not in the store`);
  return differences;
}
