import { memo, type MouseEvent } from 'react';
import type { MessageSummary } from '../../../shared/model';
import { isFlagged, isSeen } from '../stores/mail-state';
import { listDate, senderLabel } from '../mail/format';

/** A search result's folder chip: the folder ("Projects / Q1") and, with more than one account, whose it is. */
export interface FolderChip {
  account: string | null;
  folder: string;
}

export interface MessageRowProps {
  message: MessageSummary;
  /** The row's element id: the list points at the cursor row with aria-activedescendant. */
  rowId: string;
  /** The row's place in the whole list, from 1 (only some rows are in the DOM). */
  rowIndex: number;
  top: number;
  height: number;
  checked: boolean;
  cursor: boolean;
  open: boolean;
  pending: boolean;
  /** The folder the message is in, where the list mixes folders (search results); null in a folder's own list. */
  folder: FolderChip | null;
  onClick(id: string, event: MouseEvent): void;
  /** The check box: `range` when Shift was held (every row from the range's anchor to this one, as Shift-click on the row). */
  onCheck(id: string, range: boolean): void;
  onStar(id: string): void;
}

/**
 * One row: check box, unread dot, star, sender, folder (in search results), subject, snippet, date.
 * The check box and star are no tab stops: the list is one, and its keys act on the cursor row
 * (WAI-ARIA grid pattern); they still take clicks.
 */
export const MessageRow = memo(function MessageRow({ message, rowId, rowIndex, top, height, checked, cursor, open, pending, folder, onClick, onCheck, onStar }: MessageRowProps) {
  const unread = !isSeen(message);
  const flagged = isFlagged(message);
  const subject = message.subject || '(no subject)';
  const sender = senderLabel(message);
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={rowIndex}
      aria-selected={checked}
      aria-current={open ? 'true' : undefined}
      className={`row${unread ? ' unread' : ''}${cursor ? ' cursor' : ''}${open ? ' open' : ''}${checked ? ' checked' : ''}${pending ? ' pending' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="message-row"
      data-id={message.id}
      data-unread={unread}
      data-flagged={flagged}
      data-pending={pending}
      onClick={(event) => onClick(message.id, event)}
    >
      <span role="gridcell" className="row-check">
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select: ${subject} from ${sender}`}
          checked={checked}
          onClick={(event) => {
            event.stopPropagation();
            onCheck(message.id, event.shiftKey);
          }}
          // The click above does it: only the click says whether Shift was held.
          onChange={() => undefined}
        />
      </span>
      <span role="gridcell" className="row-marks">
        <span className="unread-dot" aria-label={unread ? 'Unread' : undefined} />
        <button
          type="button"
          className={`star${flagged ? ' on' : ''}`}
          tabIndex={-1}
          aria-label={`Star: ${subject}`}
          aria-pressed={flagged}
          data-testid="row-star"
          onClick={(event) => {
            event.stopPropagation();
            onStar(message.id);
          }}
        >
          {flagged ? '★' : '☆'}
        </button>
      </span>
      <span role="gridcell" className="row-main">
        <span className="row-top">
          <span className="sender">{sender}</span>
          {message.hasAttachments ? <svg className="clip" width="12" height="12" viewBox="0 0 16 16" role="img" aria-label="Has attachments">
              <path d="M10.5 4.5 5.6 9.4a1.5 1.5 0 0 0 2.1 2.1l5-5a3 3 0 0 0-4.2-4.2l-5 5a4.5 4.5 0 0 0 6.4 6.4l4-4" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
            </svg> : null}
          {folder !== null ? (
            // Short of room, the account's name gives way first: the folder is what tells two results apart.
            <span className="row-folder muted" data-testid="row-folder" title={`In ${folder.account === null ? '' : `${folder.account} · `}${folder.folder}`}>
              {folder.account === null ? null : (
                <>
                  <span className="row-folder-account">{folder.account}</span>
                  <span className="row-folder-sep"> · </span>
                </>
              )}
              <span className="row-folder-name">{folder.folder}</span>
            </span>
          ) : null}
          <span className="date">{listDate(message.receivedAt)}</span>
        </span>
        <span className="subject" data-testid="row-subject">
          {subject}
        </span>
        <span className="snippet">{message.snippet}</span>
      </span>
      {pending ? <span className="pending-mark" title="Waiting for the server" aria-label="Pending" /> : null}
    </div>
  );
});
