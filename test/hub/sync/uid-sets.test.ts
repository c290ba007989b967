// UID sets for FETCH commands: compact sequence sets, newest-first chunks and ranges.
import { describe, expect, it } from 'vitest';
import { chunkNewestFirst, toSequenceSet, uidRangesNewestFirst } from '../../../electron/hub/sync/uid-sets';

describe('uid sets', () => {
  it('formats UIDs in any order as ranges, each once', () => {
    expect(toSequenceSet([9, 1, 2, 3, 7, 3, 10])).toBe('1:3,7,9:10');
    expect(toSequenceSet([])).toBe('');
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
