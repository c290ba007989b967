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
  onClick(id: string, event: MouseEvent): void;
  onCheck(id: string): void;
  onStar(id: string): void;
}

/** One row: check box, unread dot, star, sender, subject, snippet, date. */
export const MessageRow = memo(function MessageRow({ message, top, height, checked, cursor, open, pending, onClick, onCheck, onStar }: MessageRowProps) {
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
          {message.hasAttachments ? <span className="clip" aria-label="Has attachments" title="Has attachments">⎘</span> : null}
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
