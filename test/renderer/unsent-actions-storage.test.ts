// @vitest-environment jsdom
// The unsent actions kept for after a reload (stores/unsent-actions-storage.ts), in jsdom's real
// localStorage (with its real quota): what is kept and read back, what is ignored (damaged or
// foreign values, too old entries), what happens when the storage is full or disabled, and the
// claims that keep two tabs from sending the same entry.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLAIM_MS,
  KEPT_FOR_MS,
  claimUnsentAction,
  clearUnsentActions,
  forgetUnsentActions,
  keepUnsentAction,
  keptUnsentActions,
  type KeptAction,
} from '../../renderer/src/stores/unsent-actions-storage';

const KEY = 'mailmind.unsentActions';
const NOW = Date.UTC(2026, 5, 1);

function kept(localId: string, createdAt = NOW, fields: Partial<KeptAction> = {}): KeptAction {
  return { localId, group: localId, type: 'archive', request: { type: 'archive', messageIds: [`m-${localId}`] }, quiet: false, createdAt, ...fields };
}

const ids = (actions: KeptAction[]) => actions.map((action) => action.localId);
const toSend = (now = NOW) => ids(keptUnsentActions(now).toSend);

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('keeping unsent actions', () => {
  it('reads back what was kept, oldest first, and forgets what is sent', () => {
    expect(keepUnsentAction(kept('b', NOW - 1000))).toBe(true);
    expect(keepUnsentAction(kept('a', NOW - 2000))).toBe(true);
    expect(keepUnsentAction(kept('c', NOW - 500, { type: 'move', request: { type: 'move', messageIds: ['m1', 'm2'], targetMailboxId: 'a1:Projects' } }))).toBe(true);
    expect(toSend()).toEqual(['a', 'b', 'c']);
    expect(keptUnsentActions(NOW).toSend[2]).toEqual(kept('c', NOW - 500, { type: 'move', request: { type: 'move', messageIds: ['m1', 'm2'], targetMailboxId: 'a1:Projects' } }));
    forgetUnsentActions(['a', 'c']);
    expect(toSend()).toEqual(['b']);
    forgetUnsentActions(['b']);
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('keeps an action again in place of the old entry (dismissed: quiet now)', () => {
    keepUnsentAction(kept('a'));
    keepUnsentAction(kept('a', NOW, { quiet: true }));
    expect(keptUnsentActions(NOW).toSend).toEqual([kept('a', NOW, { quiet: true })]);
  });

  it('sends nothing kept longer than a week, and tells which those are', () => {
    keepUnsentAction(kept('old', NOW - KEPT_FOR_MS - 1));
    keepUnsentAction(kept('recent', NOW - KEPT_FOR_MS + 60_000));
    const { toSend: current, tooOld } = keptUnsentActions(NOW);
    expect(ids(current)).toEqual(['recent']);
    expect(ids(tooOld)).toEqual(['old']);
  });

  it('clears everything (logout)', () => {
    keepUnsentAction(kept('a'));
    keepUnsentAction(kept('b'));
    clearUnsentActions();
    expect(toSend()).toEqual([]);
    expect(localStorage.getItem(KEY)).toBeNull();
  });
});

describe('what is stored under the key is not trusted', () => {
  it.each([
    ['not JSON', '{"version":1,"actions":['],
    ['JSON of another shape', '[{"localId":"a"}]'],
    ['another version', JSON.stringify({ version: 2, actions: [kept('a')] })],
    ['no list', JSON.stringify({ version: 1, actions: 'a' })],
    ['null', 'null'],
  ])('reads %s as nothing to send, and a new action replaces it', (_what, stored) => {
    localStorage.setItem(KEY, stored);
    expect(keptUnsentActions(NOW)).toEqual({ toSend: [], tooOld: [] });
    expect(keepUnsentAction(kept('b'))).toBe(true);
    expect(toSend()).toEqual(['b']);
  });

  it('drops damaged entries and keeps the sound ones', () => {
    const sound = kept('sound');
    const damaged = [
      { ...sound, localId: 7 },
      { ...sound, type: 'explode' },
      { ...sound, request: { type: 'archive', messageIds: [] } },
      { ...sound, request: { type: 'archive', messageIds: [1] } },
      { ...sound, request: { type: 'move', messageIds: ['m'], targetMailboxId: 3 } },
      { ...sound, createdAt: 'yesterday' },
      { ...sound, quiet: 'no' },
      { ...sound, claim: { page: 'p' } },
      null,
      'archive',
    ];
    localStorage.setItem(KEY, JSON.stringify({ version: 1, actions: [...damaged, sound] }));
    expect(keptUnsentActions(NOW).toSend).toEqual([sound]);
  });

  it('stores the request and ids only: no token, no message content', () => {
    keepUnsentAction(kept('a'));
    expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual({ version: 1, actions: [{ localId: 'a', group: 'a', type: 'archive', request: { type: 'archive', messageIds: ['m-a'] }, quiet: false, createdAt: NOW }] });
  });
});

describe('a storage that is full or disabled', () => {
  it('does not throw when full: the action is not kept, and what was kept stays', () => {
    keepUnsentAction(kept('a'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // jsdom's quota is 5,000,000 code units per origin, as browsers have it.
    localStorage.setItem('filler', 'x'.repeat(5_000_000 - 'filler'.length - localStorage.getItem(KEY)!.length - KEY.length));
    expect(() => localStorage.setItem('one-more', 'x')).toThrow(/quota/i);
    expect(keepUnsentAction(kept('b'))).toBe(false);
    expect(toSend()).toEqual(['a']);
    expect(warn).toHaveBeenCalled();
    // A claim that cannot be written leaves the sending to this page: as without storage.
    expect(claimUnsentAction('a', 'page-1', NOW)).toBe('unknown');
  });

  it('does not throw when reading fails (storage disabled)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    expect(keptUnsentActions(NOW)).toEqual({ toSend: [], tooOld: [] });
    expect(claimUnsentAction('a', 'page-1', NOW)).toBe('unknown');
    expect(() => forgetUnsentActions(['a'])).not.toThrow();
  });

  it('does nothing without a storage at all (reading localStorage threw)', () => {
    expect(keepUnsentAction(kept('a'), null)).toBe(false);
    expect(keptUnsentActions(NOW, null)).toEqual({ toSend: [], tooOld: [] });
    expect(claimUnsentAction('a', 'page-1', NOW, null)).toBe('unknown');
    expect(() => clearUnsentActions(null)).not.toThrow();
  });
});

describe('claims: one tab sends an entry two tabs hold', () => {
  it('lets the first page claim it; another waits until the claim is stale', () => {
    keepUnsentAction(kept('a'));
    expect(claimUnsentAction('a', 'page-1', NOW)).toBe('claimed');
    expect(claimUnsentAction('a', 'page-1', NOW + 10)).toBe('claimed');
    expect(claimUnsentAction('a', 'page-2', NOW + CLAIM_MS - 1)).toBe('elsewhere');
    // The first page went away while sending: after a while, another sends it.
    expect(claimUnsentAction('a', 'page-2', NOW + 10 + CLAIM_MS)).toBe('claimed');
  });

  it('says an entry is gone once the other page sent it (or it was undone there)', () => {
    keepUnsentAction(kept('a'));
    expect(claimUnsentAction('a', 'page-1', NOW)).toBe('claimed');
    forgetUnsentActions(['a']);
    expect(claimUnsentAction('a', 'page-2', NOW)).toBe('gone');
  });

  it('frees the claim when the action is kept again (the hub was still away)', () => {
    keepUnsentAction(kept('a'));
    claimUnsentAction('a', 'page-1', NOW);
    keepUnsentAction(kept('a'));
    expect(claimUnsentAction('a', 'page-2', NOW)).toBe('claimed');
  });

  it('leaves the sending to this page when the entries cannot be read', () => {
    localStorage.setItem(KEY, 'garbage');
    expect(claimUnsentAction('a', 'page-1', NOW)).toBe('unknown');
  });
});
