// @vitest-environment jsdom
// The window's title names what is shown and its unread count, as Gmail's tab does, and follows
// the count as mail arrives or is read.
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useDocumentTitle } from '../../renderer/src/mail/use-document-title';
import { accountsLoaded, initialMailState, listReset, mailboxesLoaded } from '../../renderer/src/stores/mail-state';
import { dispatchMailEvent, mailStore } from '../../renderer/src/stores/mail-store';
import { initialUiState, setUi, uiStore } from '../../renderer/src/stores/ui-store';
import { alice, bob, mailbox } from './mail-fixtures';

function TitleProbe() {
  useDocumentTitle();
  return null;
}

afterEach(() => {
  cleanup();
  mailStore.setState(initialMailState, true);
  uiStore.setState(initialUiState, true);
});

const inbox = mailbox(alice.id, 'INBOX', '\\Inbox', { name: 'Inbox', unread: 3 });
const sub = mailbox(alice.id, 'Projects/Q1');

describe('the window title', () => {
  it('names the folder shown with its unread count, and follows the count', () => {
    mailStore.setState(listReset(mailboxesLoaded(accountsLoaded(initialMailState, [alice]), [inbox, sub]), { kind: 'mailbox', mailboxId: inbox.id }), true);
    render(<TitleProbe />);
    expect(document.title).toBe('Inbox (3) — MailMind');
    act(() => dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: { ...inbox, unread: 1234 } } }));
    expect(document.title).toBe('Inbox (1,234) — MailMind');
    act(() => dispatchMailEvent({ type: 'mailbox.updated', payload: { mailbox: { ...inbox, unread: 0 } } }));
    expect(document.title).toBe('Inbox — MailMind');
    act(() => mailStore.setState((state) => listReset(state, { kind: 'mailbox', mailboxId: sub.id })));
    expect(document.title).toBe('Projects / Q1 — MailMind');
  });

  it('names the account when there are several, and says when a search or the setup is shown', () => {
    mailStore.setState(listReset(mailboxesLoaded(accountsLoaded(initialMailState, [alice, bob]), [inbox]), { kind: 'mailbox', mailboxId: inbox.id }), true);
    render(<TitleProbe />);
    expect(document.title).toBe('Inbox (3) — alice@example.test — MailMind');
    act(() => mailStore.setState((state) => listReset(state, { kind: 'search', query: 'from:bob' })));
    expect(document.title).toBe('Search: from:bob — MailMind');
    act(() => setUi({ view: 'setup' }));
    expect(document.title).toBe('Add an account — MailMind');
  });
});
