import { useShallow } from 'zustand/react/shallow';
import type { Mailbox } from '../../../shared/model';
import { useApi } from '../api/api-context';
import { performAction, showSearch, toggleFlag, toggleRead } from '../mail/mail-commands';
import { mailboxPathLabel } from '../mail/mailbox-depth';
import { useMail } from '../stores/use-mail';
import { actionTargets, setUi, uiStore } from '../stores/ui-store';
import { useUi } from '../stores/use-ui';

/** Actions on the checked messages (or the open one): read/unread, flag, archive, delete, move. */
export function Toolbar() {
  const api = useApi();
  const targets = useUi(useShallow(actionTargets));
  const checked = useUi((state) => Object.keys(state.selected).length);
  const source = useMail((state) => state.list.source);
  const title = useMail((state) => (state.list.source?.kind === 'mailbox' ? (state.mailboxes[state.list.source.mailboxId]?.name ?? '') : `Search: ${state.list.source?.query ?? ''}`));
  const accountId = useMail((state) => (targets[0] ? state.messages[targets[0]]?.accountId : undefined));
  const moveTargets = useMail(
    useShallow((state) =>
      state.mailboxOrder
        .map((id) => state.mailboxes[id])
        .filter((m): m is Mailbox => m !== undefined && m.accountId === accountId && !(source?.kind === 'mailbox' && m.id === source.mailboxId)),
    ),
  );
  const alsoInTrash = useUi((state) => (source?.kind === 'search' && state.alsoInTrashFor === source.query ? source.query : null));
  const disabled = !api || targets.length === 0;
  const run = (fn: () => void) => () => {
    if (!disabled) fn();
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Message actions">
      <h1 className="list-title">{title}</h1>
      {alsoInTrash !== null && api ? (
        <button
          type="button"
          className="link"
          data-testid="search-anywhere"
          onClick={() => {
            const everywhere = `${alsoInTrash} in:anywhere`;
            setUi({ searchText: everywhere });
            void showSearch(api, everywhere);
          }}
        >
          Also in Trash or Junk: show all
        </button>
      ) : null}
      {checked > 0 ? <span className="selection-count" data-testid="selection-count">{checked} selected</span> : null}
      <button type="button" disabled={disabled} onClick={run(() => toggleRead(api!, targets))} title="Read / unread (u)" data-testid="action-read">
        Read/unread
      </button>
      <button type="button" disabled={disabled} onClick={run(() => toggleFlag(api!, targets))} title="Star (s)" data-testid="action-flag">
        ★ Star
      </button>
      <button type="button" disabled={disabled} onClick={run(() => void performAction(api!, 'archive', targets))} title="Archive (e)" data-testid="action-archive">
        Archive
      </button>
      <button type="button" disabled={disabled} onClick={run(() => void performAction(api!, 'delete', targets))} title="Delete (#)" data-testid="action-delete">
        Delete
      </button>
      <select
        aria-label="Move to"
        data-testid="action-move"
        disabled={disabled || moveTargets.length === 0}
        value=""
        onChange={(event) => {
          const target = event.target.value;
          if (target && !disabled) void performAction(api!, 'move', actionTargets(uiStore.getState()), target);
        }}
      >
        <option value="">Move to…</option>
        {moveTargets.map((m) => (
          <option key={m.id} value={m.id}>
            {mailboxPathLabel(m)}
          </option>
        ))}
      </select>
    </div>
  );
}
