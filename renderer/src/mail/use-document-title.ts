// The window's (and the browser tab's) title says what is shown and how much of it is unread,
// as Gmail's does ("Inbox (3) — alice@example.com — MailMind"): a user who switched away sees
// new mail from the task bar or the tab strip.
import { useEffect } from 'react';
import type { Account, Mailbox } from '../../../shared/model';
import type { ListSource } from '../stores/mail-state';
import { useMail } from '../stores/use-mail';
import { useUi } from '../stores/use-ui';
import { mailboxPathLabel } from './mailbox-depth';

const APP_NAME = 'MailMind';

/** The title for what the window shows; the account is named only when there are several. */
export function documentTitle(source: ListSource | null, mailboxes: Readonly<Record<string, Mailbox>>, accounts: readonly Account[], setup: boolean): string {
  if (setup) return `Add an account — ${APP_NAME}`;
  if (source?.kind === 'search') return `Search: ${source.query} — ${APP_NAME}`;
  const mailbox = source ? mailboxes[source.mailboxId] : undefined;
  if (!mailbox) return APP_NAME;
  const unread = mailbox.unread > 0 ? ` (${mailbox.unread.toLocaleString('en-US')})` : '';
  const account = accounts.length > 1 ? accounts.find((candidate) => candidate.id === mailbox.accountId) : undefined;
  return `${mailboxPathLabel(mailbox)}${unread}${account ? ` — ${account.email}` : ''} — ${APP_NAME}`;
}

export function useDocumentTitle(): void {
  const source = useMail((state) => state.list.source);
  const mailboxes = useMail((state) => state.mailboxes);
  const accounts = useMail((state) => state.accounts);
  const accountsLoaded = useMail((state) => state.accountsLoaded);
  const setup = useUi((state) => state.view === 'setup') || (accountsLoaded && accounts.length === 0);
  const title = documentTitle(source, mailboxes, accounts, setup);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
