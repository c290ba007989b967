// Whether a folder needs a SELECT at a check: STATUS against what its last sync stored.
import type { StatusObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { MailboxRecord } from '../../../electron/hub/store/store-types';
import { isUnchanged } from '../../../electron/hub/sync/mailbox-status';

const stored: MailboxRecord = {
  id: 'm1',
  accountId: 'a1',
  path: 'Archive',
  name: 'Archive',
  delimiter: '/',
  specialUse: '\\Archive',
  total: 10,
  unread: 2,
  sortKey: 1,
  uidValidity: 7,
  uidNext: 11,
  highestModseq: 40n,
  initialSyncDone: true,
};
const status = (extra: Partial<StatusObject> = {}): StatusObject => ({ path: 'Archive', messages: 10, uidNext: 11, uidValidity: 7n, highestModseq: 40n, ...extra });

describe('isUnchanged', () => {
  it('trusts a matching modseq, and sees any difference in count, UIDNEXT, UIDVALIDITY or modseq', () => {
    expect(isUnchanged(stored, status())).toBe(true);
    expect(isUnchanged(stored, status({ messages: 11 }))).toBe(false);
    expect(isUnchanged(stored, status({ uidNext: 12 }))).toBe(false);
    expect(isUnchanged(stored, status({ uidValidity: 8n }))).toBe(false);
    expect(isUnchanged(stored, status({ highestModseq: 41n }))).toBe(false);
  });

  it('without CONDSTORE, counts a folder unchanged only while its flags were read recently', () => {
    const noModseq = status({ highestModseq: undefined });
    expect(isUnchanged({ ...stored, highestModseq: null }, noModseq, false)).toBe(false);
    expect(isUnchanged({ ...stored, highestModseq: null }, noModseq, true)).toBe(true);
  });

  it('reads every flag again when the stored modseq was forgotten on purpose (a refused action), recent sweep or not', () => {
    expect(isUnchanged({ ...stored, highestModseq: null }, status(), true)).toBe(false);
  });

  it('compares modseqs above 2^53 exactly (a JavaScript number would take 2^54 + 1 for 2^54)', () => {
    const huge = 2n ** 54n + 1n;
    expect(isUnchanged({ ...stored, highestModseq: 2n ** 54n }, status({ highestModseq: huge }), true)).toBe(false);
    expect(isUnchanged({ ...stored, highestModseq: huge }, status({ highestModseq: huge }), false)).toBe(true);
  });
});
