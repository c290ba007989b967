import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Account, Mailbox } from '../../../shared/model';
import type { SyncStatusPayload } from '../../../shared/protocol';
import { useApi } from '../api/api-context';
import { folderTreeRows } from '../mail/folder-tree';
import { showMailbox } from '../mail/mail-commands';
import { focusMessageList } from '../mail/list-focus';
import { useMail } from '../stores/use-mail';
import { AccountMenu } from './AccountMenu';
import { FolderContainerItem, MailboxItem } from './MailboxItem';
import { RemoveAccountDialog } from './RemoveAccountDialog';
import { SyncProgress } from './SyncProgress';

/** The account's state in words, or null when there is nothing to say (synced and watching). */
function accountStateLabel(status: Account['status'], sync: SyncStatusPayload | undefined): string | null {
  switch (status.state) {
    case 'idle':
      return null;
    case 'connecting':
      return 'Connecting…';
    case 'syncing': {
      const progress = sync?.state === 'syncing' ? sync.progress : undefined;
      return progress && progress.total > 0 ? `Syncing ${Math.floor((100 * progress.done) / progress.total)}%` : 'Syncing';
    }
    case 'offline':
      return 'Offline';
    case 'auth_failed':
      return 'Sign-in failed';
    case 'error':
      return 'Error';
  }
}

/** The account's state beside its name, when there is something to say; the error's text in its tooltip. */
function AccountState({ account }: { account: Account }) {
  const sync = useMail((state) => state.sync[account.id]);
  const label = accountStateLabel(account.status, sync);
  if (!label) return null;
  return (
    <span className={`account-state state-${account.status.state}`} data-testid="account-state" data-state={account.status.state} title={account.status.error?.message}>
      {label}
    </span>
  );
}

/** Where the keyboard goes once an account is removed: the list now shown, else the setup form (no account left). */
function focusAfterRemoval(): void {
  const list = document.querySelector<HTMLElement>('[data-testid="message-list"]');
  const setupField = document.querySelector<HTMLElement>('[data-testid="setup-form"] :is(input, select)');
  (list ?? setupField)?.focus();
}

/** Accounts, each with its mailboxes, unread counts, sync progress and its menu (Remove account…). */
export function Sidebar() {
  const api = useApi();
  const accounts = useMail((state) => state.accounts);
  const mailboxes = useMail(useShallow((state) => state.mailboxOrder.map((id) => state.mailboxes[id]).filter((m): m is Mailbox => m !== undefined)));
  const source = useMail((state) => state.list.source);
  const activeId = source?.kind === 'mailbox' ? source.mailboxId : null;
  const [removing, setRemoving] = useState<Account | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [removed, setRemoved] = useState(0);
  // Removed from another window while asking here: nothing left to ask about.
  const asking = removing && accounts.some((account) => account.id === removing.id) ? removing : null;

  useEffect(() => {
    if (removed > 0) focusAfterRemoval();
  }, [removed]);
  useEffect(() => {
    if (!removing || asking) return;
    setRemoving(null);
    setRemoved((count) => count + 1);
  }, [removing, asking]);

  return (
    <nav className="sidebar" aria-label="Mailboxes">
      {accounts.map((account) => (
        <section key={account.id} className="account" data-testid="account">
          <div className="account-header">
            <h2 title={account.email}>
              <span className="account-name">{account.displayName || account.email}</span>
              <AccountState account={account} />
            </h2>
            <AccountMenu
              account={account}
              onRemove={(button) => {
                opener.current = button;
                setRemoving(account);
              }}
            />
          </div>
          {account.persistent ? null : (
            <p className="account-session-only" data-testid="account-session-only">
              For this session only: without a keyring the password is not kept, so the account is removed when MailMind quits.
            </p>
          )}
          <SyncProgress accountId={account.id} />
          <ul>
            {folderTreeRows(mailboxes.filter((m) => m.accountId === account.id)).map((row) =>
              row.kind === 'container' ? (
                <FolderContainerItem key={row.key} name={row.name} path={row.path} depth={row.depth} />
              ) : (
                <MailboxItem key={row.key} mailbox={row.mailbox} depth={row.depth} active={row.mailbox.id === activeId} onOpen={() => {
                    if (!api) return;
                    void showMailbox(api, row.mailbox.id);
                    // The keyboard moves on to the list (j/k, Enter), not the mailbox button.
                    focusMessageList();
                  }} />
              ),
            )}
          </ul>
        </section>
      ))}
      {asking ? (
        <RemoveAccountDialog
          account={asking}
          onClose={(done) => {
            setRemoving(null);
            if (done) setRemoved((count) => count + 1);
            else opener.current?.focus();
          }}
        />
      ) : null}
    </nav>
  );
}
