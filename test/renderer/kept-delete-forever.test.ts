// @vitest-environment jsdom
// A delete in Trash made while the hub was away, kept for a later page (kept-unsent-actions.ts):
// that page must still know it is for good, or its toast offers an Undo the hub then refuses
// (not_undoable), the very thing the toolbar's "Delete forever" avoids.
import { beforeEach, expect, it } from 'vitest';
import { keepUnsent, restoreUnsentActions } from '../../renderer/src/mail/kept-unsent-actions';
import { canOfferUndo } from '../../renderer/src/stores/action-tracking';
import { initialMailState, type TrackedAction } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';

beforeEach(() => {
  localStorage.clear();
  mailStore.setState(initialMailState, true);
});

it('restores a delete for good kept by an earlier page as for good: no Undo once the hub has it', () => {
  const part: TrackedAction = {
    localId: 'local-1', group: 'local-1', type: 'delete', messageIds: ['t1'], actionId: null, state: 'unsent', error: null,
    before: [], undoIds: [], undoError: null, quiet: false, forGood: true, createdAt: Date.now(),
  };
  keepUnsent(part, { type: 'delete', messageIds: ['t1'] });

  mailStore.setState(initialMailState, true); // the next page
  restoreUnsentActions();
  const restored = mailStore.getState().actions.find((action) => action.localId === 'local-1');
  expect(restored?.forGood).toBe(true);
  expect(canOfferUndo({ ...restored!, actionId: 'act-1' }, 'applied')).toBe(false);
});
