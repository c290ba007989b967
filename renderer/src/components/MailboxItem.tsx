import type { Mailbox } from '../../../shared/model';
import { mailboxDepth } from '../mail/mailbox-depth';
import { MailboxIcon } from './MailboxIcon';

export function MailboxItem({ mailbox, active, onOpen }: { mailbox: Mailbox; active: boolean; onOpen(): void }) {
  return (
    <li>
      <button
        type="button"
        className={`mailbox${active ? ' active' : ''}`}
        style={{ paddingLeft: `${12 + mailboxDepth(mailbox) * 14}px` }}
        aria-current={active ? 'true' : undefined}
        data-testid="mailbox"
        data-mailbox-id={mailbox.id}
        data-special-use={mailbox.specialUse ?? ''}
        onClick={onOpen}
      >
        <MailboxIcon specialUse={mailbox.specialUse} />
        <span className="name">{mailbox.name}</span>
        {mailbox.unread > 0 ? (
          <span className="unread-count" data-testid="unread-count" aria-label={`${mailbox.unread} unread`}>
            {mailbox.unread}
          </span>
        ) : null}
      </button>
    </li>
  );
}
