// @vitest-environment jsdom
// Undo from the keyboard: z as in Gmail, Ctrl+Z (Cmd+Z on a Mac) as in Thunderbird. Each undoes
// the newest action whose toast offers Undo, as a click on its Undo button does (a star, which
// has no toast, or a delete for good, whose toast offers no Undo, is passed over). An action
// still on its way to the hub counts as the newest: it is undone once the hub answers, or here
// when it did not reach the hub, never an older action in its place. In a text field Ctrl+Z is
// the field's own undo, and the keys with other modifiers are other keys; with nothing to undo,
// nothing happens. The API peer is the stand-in hub of stand-in-hub-api.ts.
import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { accepted, check, eventually, message, press, row, rowIds, startMailView, toasts } from './action-view';
import { closeApp, stubLayoutApis } from './jsdom-app';
import type { StandInHubApi } from './stand-in-hub-api';
import type { WsTestServer } from './ws-test-server';

const inbox = [message('m1', 'a1', 9), message('m2', 'a1', 8), message('m3', 'a1', 7)];

let server: WsTestServer;
let hub: StandInHubApi;

beforeAll(() => stubLayoutApis());

beforeEach(async () => {
  ({ server, hub } = await startMailView({ kind: 'mailbox', mailboxId: 'a1:INBOX' }, inbox));
});

afterEach(() => {
  document.querySelectorAll('[data-test-field]').forEach((field) => field.remove());
  // A request still held would keep the stand-in from stopping.
  answerHeld?.();
  answerHeld = null;
  return closeApp(server);
});

/** Answers the POST the stand-in holds (holdNext). */
let answerHeld: (() => void) | null = null;

/** Holds the hub's answer to the next action, until answerHeld. */
function holdNextAnswer(): void {
  hub.holdNext = new Promise((resolve) => (answerHeld = resolve));
}

const keyDown = (target: Element, init: KeyboardEventInit) => act(() => void fireEvent.keyDown(target, init));

/** Archives `id` (checked, then e) and waits until the hub took it: its toast offers Undo. */
async function archive(id: string): Promise<void> {
  const count = hub.posted.length;
  check(id);
  press('e');
  await eventually(() => hub.posted.length === count + 1, `the archive of ${id} posted`);
  await accepted(hub.posted[count]!.actionId);
}

/** A moment for anything a key set off to reach the hub. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 100)));

describe('undo from the keyboard', () => {
  it.each([
    ['z', { key: 'z' }],
    ['Ctrl+Z', { key: 'z', ctrlKey: true }],
    ['Cmd+Z', { key: 'z', metaKey: true }],
    ['z with Caps Lock on', { key: 'Z' }],
  ])('%s undoes the archive, as its Undo button does', async (_name, init) => {
    await archive('m1');
    expect(rowIds()).toEqual(['m2', 'm3']);
    expect(toasts()).toEqual(['Archived 1 message — waiting for the server']);
    keyDown(document.body, init);
    await eventually(() => toasts()[0] === 'Archived 1 message — undone', 'the archive undone');
    expect(hub.undone).toEqual(['act-1']);
    expect(rowIds()).toEqual(['m1', 'm2', 'm3']);
    expect(within(screen.getByTestId('action-toast')).queryByTestId('undo')).toBeNull();
  });

  it('undoes the newest action whose toast offers Undo: not a star, which has no toast; then the one before', async () => {
    await archive('m1');
    await archive('m2');
    press('Escape');
    check('m3');
    press('s');
    await eventually(() => hub.posted.length === 3, 'the star posted');
    expect(hub.posted.map(({ type }) => type)).toEqual(['archive', 'archive', 'flag']);

    press('z');
    await eventually(() => hub.undone.length === 1, 'an undo posted');
    expect(hub.undone).toEqual(['act-2']);
    await eventually(() => toasts()[0] === 'Archived 1 message — undone', 'the second archive undone');
    expect(toasts()[1]).toBe('Archived 1 message — waiting for the server');

    press('z');
    await eventually(() => hub.undone.length === 2, 'a second undo posted');
    expect(hub.undone).toEqual(['act-2', 'act-1']);
    await eventually(() => rowIds().join() === 'm1,m2,m3', 'both back');
  });

  it.each([
    ['z', { key: 'z' }],
    ['Ctrl+Z', { key: 'z', ctrlKey: true }],
  ])('%s at once after an archive undoes that archive once the hub has it, not the one before', async (_name, init) => {
    await archive('m1');
    holdNextAnswer();
    fireEvent.click(row('m2'));
    press('e');
    await eventually(() => hub.held === 1, 'the archive of m2 on its way');
    keyDown(document.body, init);
    await settle();
    // The hub has not answered: nothing to undo through it yet, and m1's archive is not touched.
    expect(hub.undone).toEqual([]);
    expect(toasts()).toEqual(['Archived 1 message — undoing…', 'Archived 1 message — waiting for the server']);
    answerHeld!();
    await eventually(() => toasts()[0] === 'Archived 1 message — undone', 'the archive of m2 undone');
    expect(hub.undone).toEqual(['act-2']);
    expect(toasts()[1]).toBe('Archived 1 message — waiting for the server');
    expect(rowIds()).toEqual(['m2', 'm3']);
  });

  it('still undoes an archive undone on its way whose toast is dismissed before the hub answers', async () => {
    holdNextAnswer();
    check('m1');
    press('e');
    await eventually(() => hub.held === 1, 'the archive of m1 on its way');
    press('z');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(toasts()).toEqual([]);
    answerHeld!();
    await eventually(() => hub.undone.length === 1, 'the undo posted');
    expect(hub.undone).toEqual(['act-1']);
    await eventually(() => rowIds().join() === 'm1,m2,m3', 'm1 back');
    expect(toasts()).toEqual([]);
  });

  it('undoes here an archive whose request did not reach the hub: it is never sent, not the one before undone', async () => {
    await archive('m1');
    holdNextAnswer();
    check('m2');
    press('e');
    await eventually(() => hub.held === 1, 'the archive of m2 on its way');
    press('z');
    // Not taken: the hub refused this page's token, which counts as not reached (neverReachedHub).
    hub.refuseNext = { status: 401, error: { code: 'unauthorized', message: 'Bad token' } };
    answerHeld!();
    await eventually(() => toasts()[0] === 'Archived 1 message — undone', 'the archive of m2 undone');
    expect(rowIds()).toEqual(['m2', 'm3']);
    expect(hub.posted.map(({ messageIds }) => messageIds.join())).toEqual(['m1']);
    expect(hub.undone).toEqual([]);
    expect(mailStore.getState().actions.some((action) => action.state === 'unsent')).toBe(false);
  });

  it('undoes one action for a held z: its repeats undo nothing more', async () => {
    await archive('m1');
    await archive('m2');
    keyDown(document.body, { key: 'z' });
    for (let i = 0; i < 5; i++) keyDown(document.body, { key: 'z', repeat: true });
    await eventually(() => hub.undone.length === 1, 'an undo posted');
    await settle();
    expect(hub.undone).toEqual(['act-2']);
  });

  it('leaves Ctrl+Z and z to a text field, and does nothing with other modifiers', async () => {
    await archive('m1');
    const field = document.createElement('input');
    field.type = 'text';
    field.setAttribute('data-test-field', '');
    document.body.append(field);
    field.focus();
    keyDown(field, { key: 'z', ctrlKey: true });
    keyDown(field, { key: 'z' });
    field.blur();
    keyDown(document.body, { key: 'z', ctrlKey: true, shiftKey: true });
    keyDown(document.body, { key: 'Z', shiftKey: true });
    keyDown(document.body, { key: 'z', altKey: true });
    keyDown(document.body, { key: 'z', ctrlKey: true, metaKey: true });
    await settle();
    expect(hub.undone).toEqual([]);
    expect(toasts()).toEqual(['Archived 1 message — waiting for the server']);
    expect(rowIds()).toEqual(['m2', 'm3']);
  });

  it('does nothing, and breaks nothing, with nothing to undo', async () => {
    press('z');
    keyDown(document.body, { key: 'z', ctrlKey: true });
    await settle();
    expect(hub.undone).toEqual([]);
    expect(toasts()).toEqual([]);
    // Undone already: a second z finds nothing to undo, and the keys still work after.
    await archive('m1');
    press('z');
    await eventually(() => toasts()[0] === 'Archived 1 message — undone', 'the archive undone');
    press('z');
    await settle();
    expect(hub.undone).toEqual(['act-1']);
    await archive('m2');
    expect(rowIds()).toEqual(['m1', 'm3']);
  });
});
