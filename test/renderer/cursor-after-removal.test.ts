// Where the list cursor goes when messages leave the list (archived, moved, deleted).
import { describe, expect, it } from 'vitest';
import { actionTargets, cursorAfterRemoval, initialUiState } from '../../renderer/src/stores/ui-store';

const ids = ['m5', 'm4', 'm3', 'm2', 'm1'];

describe('cursorAfterRemoval', () => {
  it('moves to the next message still in the list, else the one before, else nowhere', () => {
    expect(cursorAfterRemoval(ids, 'm3', new Set(['m3']))).toBe('m2');
    expect(cursorAfterRemoval(ids, 'm3', new Set(['m3', 'm2', 'm1']))).toBe('m4');
    expect(cursorAfterRemoval(ids, 'm1', new Set(['m1']))).toBe('m2');
    expect(cursorAfterRemoval(ids, 'm3', new Set(ids))).toBeNull();
  });

  it('stays where it is when its message stays', () => {
    expect(cursorAfterRemoval(ids, 'm4', new Set(['m3']))).toBe('m4');
    expect(cursorAfterRemoval(ids, null, new Set(['m3']))).toBeNull();
  });

  it('leaves the next Delete nothing of the deleted message to act on', () => {
    // Deleted from the cursor (nothing checked, nothing open): the next press acts on the next message.
    const after = { ...initialUiState, cursorId: cursorAfterRemoval(ids, 'm3', new Set(['m3'])) };
    expect(actionTargets(after)).toEqual(['m2']);
  });
});
