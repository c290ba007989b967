// Replays queued flag changes. +FLAGS/-FLAGS by UID is idempotent, so a replay
// repeated after a crash changes nothing. Only the flag an action names is
// touched, so a concurrent change by another client to another flag stays
// ("last writer per flag", the queued action being the last writer of its own
// flag). With CONDSTORE the STORE carries UNCHANGEDSINCE (RFC 7162 3.2): a
// message another client changed since the hub last looked is not blindly
// overwritten; its flags are read back, and the action's own flag is stored
// again on top of the other client's change. Consecutive actions that do not
// touch the same flag of the same message are sent together: one STORE per
// flag and direction, one FETCH to read the flags back.
import type { ImapFlow } from 'imapflow';
import { FLAG_ACTIONS, type FlagActionType } from '../../../shared/actions';
import type { ErrorInfo } from '../../../shared/model';
import type { OperationRecord, ReplayOutcome } from '../store/operation-log';
import { storedFlags } from './fetch-summaries';
import { currentUids, groupByServerMailbox } from './server-locator';
import type { SyncContext } from './sync-context';
import { toSequenceSets } from './uid-sets';

type FlagOperation = OperationRecord & { kind: FlagActionType };

/** The longest run from the start of `pending` that can be sent together (at most `max` actions). */
export function coalescible(pending: OperationRecord[], max = 1000): FlagOperation[] {
  const batch: FlagOperation[] = [];
  const direction = new Map<string, boolean>();
  for (const operation of pending) {
    if (batch.length >= max || !(operation.kind in FLAG_ACTIONS)) break;
    const { flag, add } = FLAG_ACTIONS[operation.kind as FlagActionType];
    // The same flag of the same message both set and cleared: order matters, so the run ends.
    if (operation.targets.some((target) => direction.get(`${target.messageId} ${flag}`) === !add)) break;
    for (const target of operation.targets) direction.set(`${target.messageId} ${flag}`, add);
    batch.push(operation as FlagOperation);
  }
  return batch;
}

interface Wanted {
  flag: string;
  add: boolean;
  uids: Set<number>;
}

async function store(client: ImapFlow, wanted: Wanted, unchangedSince: bigint | undefined): Promise<void> {
  if (wanted.uids.size === 0) return;
  const options = { uid: true, silent: true, ...(unchangedSince === undefined ? {} : { unchangedSince }) };
  for (const set of toSequenceSets([...wanted.uids])) {
    if (wanted.add) await client.messageFlagsAdd(set, [wanted.flag], options);
    else await client.messageFlagsRemove(set, [wanted.flag], options);
  }
}

async function readFlags(client: ImapFlow, uids: number[]): Promise<Map<number, string[]>> {
  const found = new Map<number, string[]>();
  if (uids.length === 0) return found;
  for (const set of toSequenceSets(uids)) {
    for await (const message of client.fetch(set, { uid: true, flags: true }, { uid: true })) found.set(message.uid, storedFlags(message.flags));
  }
  return found;
}

/** Replays a run of flag actions; returns each one's outcome. The connection failing throws. */
export async function replayFlagBatch(ctx: SyncContext, client: ImapFlow, batch: FlagOperation[]): Promise<Map<string, ReplayOutcome>> {
  const serverFlags = new Map<string, string[]>();
  // Messages whose flag the server still has not changed after a second STORE (it answered NO).
  const stillWrong = new Set<string>();
  const { groups } = groupByServerMailbox(ctx.store, batch.flatMap((operation) => operation.targets));
  for (const group of groups) {
    const lock = await client.getMailboxLock(group.path, { description: 'mailmind replay' });
    const unsettled = new Set<number>();
    try {
      const uids = await currentUids(client, lock, group);
      const wanted = new Map<string, Wanted>();
      for (const operation of batch) {
        const { flag, add } = FLAG_ACTIONS[operation.kind];
        const entry = wanted.get(`${flag} ${add}`) ?? { flag, add, uids: new Set<number>() };
        for (const target of operation.targets) {
          const uid = uids.get(target.messageId);
          if (uid !== undefined) entry.uids.add(uid);
        }
        wanted.set(`${flag} ${add}`, entry);
      }
      const selected = client.mailbox;
      const stored = ctx.store.reads.getMailbox(group.mailboxId);
      const condstore = selected && !selected.noModseq && stored?.highestModseq ? stored.highestModseq : undefined;
      for (const entry of wanted.values()) await store(client, entry, condstore);
      let found = await readFlags(client, [...uids.values()]);
      // Refused by UNCHANGEDSINCE: another client changed these since; this action's flag goes on top.
      const refused = [...wanted.values()].map((entry) => ({
        ...entry,
        uids: new Set([...entry.uids].filter((uid) => found.has(uid) && found.get(uid)!.includes(entry.flag) !== entry.add)),
      }));
      if (refused.some((entry) => entry.uids.size > 0)) {
        ctx.logger.info('flags changed by another client before the replay; applying the queued change on top', { mailboxId: group.mailboxId });
        for (const entry of refused) await store(client, entry, undefined);
        found = await readFlags(client, [...uids.values()]);
      }
      for (const [messageId, uid] of uids) {
        const flags = found.get(uid);
        if (flags) serverFlags.set(messageId, flags);
      }
      for (const entry of refused) for (const uid of entry.uids) if (found.get(uid)?.includes(entry.flag) !== entry.add) unsettled.add(uid);
      for (const [messageId, uid] of uids) if (unsettled.has(uid)) stillWrong.add(messageId);
    } finally {
      lock.release();
    }
  }
  const outcomes = new Map<string, ReplayOutcome>();
  for (const operation of batch) {
    if (operation.targets.some((target) => stillWrong.has(target.messageId))) {
      outcomes.set(operation.id, { state: 'retry', error: { code: 'store_refused', message: 'The server refused to change the flags' } });
      continue;
    }
    const gone = operation.targets.filter((target) => !serverFlags.has(target.messageId)).length;
    const error: ErrorInfo | null = gone ? { code: 'message_gone', message: `${gone} of ${operation.targets.length} messages are no longer on the server` } : null;
    outcomes.set(operation.id, { state: error ? 'failed' : 'applied', error, serverFlags });
  }
  return outcomes;
}
