// @vitest-environment jsdom
// A folder's name too long for the sidebar is cut with an ellipsis ("Very Long Client Na…"): the
// whole name is in its tooltip, as the account's address is in its heading's.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { MailboxItem } from '../../renderer/src/components/MailboxItem';
import { mailbox } from './mail-fixtures';

afterEach(cleanup);

it('gives a folder’s name its whole name as a tooltip', () => {
  const long = mailbox('a1', 'Clients/Very Long Client Name From The Reorganisation', null, { unread: 1 });
  render(
    <ul>
      <MailboxItem mailbox={long} depth={1} active={false} onOpen={() => undefined} />
    </ul>,
  );
  const name = screen.getByText(long.name);
  expect(long.name).toBe('Very Long Client Name From The Reorganisation');
  expect(name.getAttribute('title')).toBe(long.name);
});
