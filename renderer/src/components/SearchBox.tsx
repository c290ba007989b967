import type { FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { showMailbox, showSearch, startingMailboxId } from '../mail/mail-commands';
import { mailStore } from '../stores/mail-store';
import { setUi } from '../stores/ui-store';
import { useUi } from '../stores/use-ui';

/** Full-text search over every account; Esc (or clearing) goes back to the mailbox shown before. */
export function SearchBox() {
  const api = useApi();
  const text = useUi((state) => state.searchText);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (api && text.trim()) void showSearch(api, text);
  };
  const clear = (): void => {
    setUi({ searchText: '' });
    const source = mailStore.getState().list.source;
    const back = startingMailboxId();
    if (api && source?.kind === 'search' && back) void showMailbox(api, back);
  };

  return (
    <form role="search" className="search" onSubmit={submit}>
      <input
        id="search-input"
        type="search"
        placeholder="Search mail  ( / )"
        aria-label="Search mail"
        title={'Words, "a phrase", -word, a OR b; from: to: cc: subject: in:trash label:work is:unread is:starred has:attachment after:2024/01/31 before: newer_than:7d'}
        value={text}
        onChange={(event) => {
          setUi({ searchText: event.target.value });
          if (event.target.value === '') clear();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') clear();
        }}
      />
    </form>
  );
}
