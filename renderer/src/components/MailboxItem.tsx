import type { Mailbox } from '../../../shared/model';
import { MailboxIcon } from './MailboxIcon';

const indent = (depth: number) => ({ paddingLeft: `${12 + depth * 14}px` });

/** One mailbox's row; `depth` is where the folder tree places it (see folder-tree.ts). */
export function MailboxItem({ mailbox, depth, active, onOpen }: { mailbox: Mailbox; depth: number; active: boolean; onOpen(): void }) {
  return (
    <li>
      <button
        type="button"
        className={`mailbox${active ? ' active' : ''}`}
        style={indent(depth)}
        aria-current={active ? 'true' : undefined}
        data-testid="mailbox"
        data-mailbox-id={mailbox.id}
        data-special-use={mailbox.specialUse ?? ''}
        onClick={onOpen}
      >
        <MailboxIcon specialUse={mailbox.specialUse} />
        {/* A long name is cut with an ellipsis (styles.css): whole in its tooltip. */}
        <span className="name" title={mailbox.name}>
          {mailbox.name}
        </span>
        {mailbox.unread > 0 ? (
          <span className="unread-count" data-testid="unread-count" aria-label={`${mailbox.unread} unread`}>
            {mailbox.unread}
          </span>
        ) : null}
      </button>
    </li>
  );
}

/**
 * A parent folder that is not a mailbox (\Noselect, or never created): shown so its subfolders
 * sit under it, as plain text rather than a button, since there is nothing in it to open.
 */
export function FolderContainerItem({ name, path, depth }: { name: string; path: string; depth: number }) {
  return (
    <li className="mailbox mailbox-container" style={indent(depth)} title={`${path}: holds folders only`} data-testid="mailbox-container" data-path={path}>
      <MailboxIcon specialUse={null} />
      <span className="name">{name}</span>
    </li>
  );
}
