import { memo, type MouseEvent } from 'react';
import type { MessageSummary } from '../../../shared/model';
import { isFlagged, isSeen } from '../stores/mail-state';
import { listDate, senderLabel } from '../mail/format';

export interface MessageRowProps {
  message: MessageSummary;
  top: number;
  height: number;
  checked: boolean;
  cursor: boolean;
  open: boolean;
  pending: boolean;
  /** The folder the message is in, where the list mixes folders (search results); null in a folder's own list. */
  folder: string | null;
  onClick(id: string, event: MouseEvent): void;
  onCheck(id: string): void;
  onStar(id: string): void;
}

/** One row: check box, unread dot, star, sender, folder (in search results), subject, snippet, date. */
export const MessageRow = memo(function MessageRow({ message, top, height, checked, cursor, open, pending, folder, onClick, onCheck, onStar }: MessageRowProps) {
  const unread = !isSeen(message);
  const flagged = isFlagged(message);
  return (
    <div
      role="row"
      aria-selected={checked || open}
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
          aria-label="Select"
          checked={checked}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onCheck(message.id)}
        />
      </span>
      <span role="gridcell" className="row-marks">
        <span className="unread-dot" aria-label={unread ? 'Unread' : undefined} />
        <button
          type="button"
          className={`star${flagged ? ' on' : ''}`}
          aria-label={flagged ? 'Unstar' : 'Star'}
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
          <span className="sender">{senderLabel(message)}</span>
          {message.hasAttachments ? <svg className="clip" width="12" height="12" viewBox="0 0 16 16" role="img" aria-label="Has attachments">
              <path d="M10.5 4.5 5.6 9.4a1.5 1.5 0 0 0 2.1 2.1l5-5a3 3 0 0 0-4.2-4.2l-5 5a4.5 4.5 0 0 0 6.4 6.4l4-4" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
            </svg> : null}
          {folder !== null ? (
            <span className="row-folder muted" data-testid="row-folder" title={`In ${folder}`}>
              {folder}
            </span>
          ) : null}
          <span className="date">{listDate(message.receivedAt)}</span>
        </span>
        <span className="subject" data-testid="row-subject">
          {message.subject || '(no subject)'}
        </span>
        <span className="snippet">{message.snippet}</span>
      </span>
      {pending ? <span className="pending-mark" title="Waiting for the server" aria-label="Pending" /> : null}
    </div>
  );
});
