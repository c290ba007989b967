import { useShallow } from 'zustand/react/shallow';
import type { Account, Mailbox } from '../../../shared/model';
import { useApi } from '../api/api-context';
import { showSearch } from '../mail/mail-commands';
import { performAction, toggleFlag, toggleRead } from '../mail/action-commands';
import { backToList, focusListAfter } from '../mail/list-focus';
import { mailboxPathLabel } from '../mail/mailbox-depth';
import { useMail } from '../stores/use-mail';
import { actionTargets, setUi, uiStore } from '../stores/ui-store';
import { useUi } from '../stores/use-ui';

// 16×16 line icons, drawn as MailboxIcon's are (no icon or emoji font needed).
const icons = {
  read: 'M2 4h12v8H2zM2 4l6 5 6-5',
  archive: 'M2 3h12v3H2zM3 6v7h10V6M6 9h4',
  delete: 'M3 4h10M6 4V2h4v2M4 4l1 10h6l1-10',
  back: 'M13 8H3M7 4L3 8l4 4',
};

function Icon({ path }: { path: string }) {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <path d={path} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}

function moveOption(mailbox: Mailbox) {
  return (
    <option key={mailbox.id} value={mailbox.id}>
      {mailboxPathLabel(mailbox)}
    </option>
  );
}

/** An account as the move menu names it: folders of two accounts often have the same names. */
function accountLabel(account: Account): string {
  return account.displayName && account.displayName !== account.email ? `${account.displayName} (${account.email})` : account.email;
}

/** The move targets by account, in the accounts' order (the sidebar's). */
function moveTargetsByAccount(mailboxes: readonly Mailbox[], accounts: readonly Account[]): { account: Account; mailboxes: Mailbox[] }[] {
  return accounts.map((account) => ({ account, mailboxes: mailboxes.filter((m) => m.accountId === account.id) })).filter((group) => group.mailboxes.length > 0);
}

/**
 * Actions on the checked messages (or the open one): read/unread, flag, archive, delete, move.
 * In a narrow toolbar the buttons show their icon only; the label stays their accessible name
 * (styles.css, @container). In the one-pane layout of a narrow window, Back returns from the reader.
 */
export function Toolbar() {
  const api = useApi();
  const targets = useUi(useShallow(actionTargets));
  const checked = useUi((state) => Object.keys(state.selected).length);
  const source = useMail((state) => state.list.source);
  const title = useMail((state) => {
    const source = state.list.source;
    if (!source) return '';
    return source.kind === 'mailbox' ? (state.mailboxes[source.mailboxId]?.name ?? '') : `Search: ${source.query}`;
  });
  // The folders of the accounts the targets are in: a mix of two (search results) offers both,
  // grouped, and a move into one account's folder moves its messages only (performAction).
  const accountIds = useMail(useShallow((state) => [...new Set(targets.map((id) => state.messages[id]?.accountId))]));
  const moveTargets = useMail(
    useShallow((state) =>
      state.mailboxOrder
        .map((id) => state.mailboxes[id])
        .filter((m): m is Mailbox => m !== undefined && accountIds.includes(m.accountId) && !(source?.kind === 'mailbox' && m.id === source.mailboxId)),
    ),
  );
  const accounts = useMail((state) => state.accounts);
  // Every target in Trash: Delete deletes them for good, and says so before it is pressed.
  const forGood = useMail((state) => targets.length > 0 && targets.every((id) => state.mailboxes[state.messages[id]?.mailboxId ?? '']?.specialUse === '\\Trash'));
  const readerOpen = useUi((state) => state.openId !== null);
  // Ctrl+A checks the rows loaded: where the folder has more, the count says of how many, so that
  // a Delete is not taken for the whole folder's (Thunderbird's Select All is).
  const folderTotal = useMail(({ list, mailboxes }) =>
    list.source?.kind === 'mailbox' && list.nextCursor !== null && checked === list.ids.length ? (mailboxes[list.source.mailboxId]?.total ?? null) : null,
  );
  const alsoInTrash = useUi((state) => (source?.kind === 'search' && state.alsoInTrashFor === source.query ? source.query : null));
  const disabled = !api || targets.length === 0;
  // After an action the keyboard is the list's again: left on the button, its arrows did nothing.
  const run = (fn: () => void) => () => {
    if (!disabled) focusListAfter(fn);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Message actions">
      {readerOpen ? (
        <button type="button" className="toolbar-back" onClick={backToList} title="Back to the list (Esc)">
          <Icon path={icons.back} />
          <span className="toolbar-label">Back to the list</span>
        </button>
      ) : null}
      <h1 className="list-title" title={title}>
        {title}
      </h1>
      {alsoInTrash !== null && api ? (
        <button
          type="button"
          className="link"
          data-testid="search-anywhere"
          onClick={() =>
            // The button goes with the search it was for.
            focusListAfter(() => {
              const everywhere = `${alsoInTrash} in:anywhere`;
              setUi({ searchText: everywhere });
              void showSearch(api, everywhere);
            })
          }
        >
          Also in Trash or Junk: show all
        </button>
      ) : null}
      {checked > 0 ? (
        <span className="selection-count" data-testid="selection-count">
          {folderTotal !== null ? `${checked} of ${folderTotal} selected` : `${checked} selected`}
        </span>
      ) : null}
      {/* One group: in a narrow toolbar the actions wrap to a line of their own, together. */}
      <div className="toolbar-actions">
        <button type="button" disabled={disabled} onClick={run(() => toggleRead(api!, targets))} title="Read / unread (u)" data-testid="action-read">
          <Icon path={icons.read} />
          <span className="toolbar-label">Read/unread</span>
        </button>
        <button type="button" disabled={disabled} onClick={run(() => toggleFlag(api!, targets))} title="Star (s)" data-testid="action-flag">
          <span className="toolbar-glyph">★</span>
          <span className="toolbar-label"> Star</span>
        </button>
        <button type="button" disabled={disabled} onClick={run(() => void performAction(api!, 'archive', targets))} title="Archive (e)" data-testid="action-archive">
          <Icon path={icons.archive} />
          <span className="toolbar-label">Archive</span>
        </button>
        <button type="button" disabled={disabled} onClick={run(() => void performAction(api!, 'delete', targets))} title={forGood ? 'Delete forever: no undo (#)' : 'Delete (#)'} data-testid="action-delete">
          <Icon path={icons.delete} />
          <span className="toolbar-label">{forGood ? 'Delete forever' : 'Delete'}</span>
        </button>
        <select
          aria-label="Move to"
          data-testid="action-move"
          disabled={disabled || moveTargets.length === 0}
          value=""
          onChange={(event) => {
            const target = event.target.value;
            if (target && !disabled) focusListAfter(() => void performAction(api!, 'move', actionTargets(uiStore.getState()), target));
          }}
        >
          <option value="">Move to…</option>
          {accounts.length > 1
            ? moveTargetsByAccount(moveTargets, accounts).map(({ account, mailboxes }) => (
                <optgroup key={account.id} label={accountLabel(account)}>
                  {mailboxes.map(moveOption)}
                </optgroup>
              ))
            : moveTargets.map(moveOption)}
        </select>
      </div>
    </div>
  );
}
