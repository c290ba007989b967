// UID sets for FETCH commands: compact sequence sets, newest-first chunks and ranges.
import { describe, expect, it } from 'vitest';
import { chunkNewestFirst, MAX_SET_LENGTH, toSequenceSet, toSequenceSets, uidRangesNewestFirst } from '../../../electron/hub/sync/uid-sets';

describe('uid sets', () => {
  it('formats UIDs in any order as ranges, each once', () => {
    expect(toSequenceSet([9, 1, 2, 3, 7, 3, 10])).toBe('1:3,7,9:10');
    expect(toSequenceSet([])).toBe('');
  });

  it('cuts scattered UIDs into sets of bounded length that name each UID once', () => {
    expect(toSequenceSets([9, 1, 2, 3, 7, 10], 5)).toEqual(['1:3,7', '9:10']);
    expect(toSequenceSets([])).toEqual([]);
    const scattered = Array.from({ length: 5000 }, (_, i) => 100_000 + 2 * i);
    const sets = toSequenceSets(scattered);
    expect(sets.length).toBeGreaterThan(1);
    for (const set of sets) expect(set.length).toBeLessThanOrEqual(MAX_SET_LENGTH);
    expect(sets.join(',').split(',').map(Number)).toEqual(scattered);
    // Consecutive UIDs stay one range.
    expect(toSequenceSets(Array.from({ length: 5000 }, (_, i) => i + 1))).toEqual(['1:5000']);
  });

  it('chunks UIDs newest first, a small first chunk then full ones', () => {
    expect(chunkNewestFirst([1, 2, 3, 4, 5, 6, 7], 2, 3)).toEqual([[7, 6], [5, 4, 3], [2, 1]]);
  });

  it('covers 1..max with ranges highest first, each about `size` messages when UIDs are dense', () => {
    expect(uidRangesNewestFirst(10_000, 10_000, 5000)).toEqual(['5001:10000', '1:5000']);
    expect(uidRangesNewestFirst(9, 9, 4)).toEqual(['7:9', '4:6', '1:3']);
    expect(uidRangesNewestFirst(0, 0, 5000)).toEqual([]);
  });

  it('spreads sparse UIDs over as many ranges as the message count needs, not the UID space', () => {
    // 10,000 messages whose UIDs reach 2,000,000: two ranges, not four hundred.
    const ranges = uidRangesNewestFirst(2_000_000, 10_000, 5000);
    expect(ranges).toEqual(['1000001:2000000', '1:1000000']);
  });
});
