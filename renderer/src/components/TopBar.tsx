import { setUi } from '../stores/ui-store';
import { SearchBox } from './SearchBox';

export function TopBar() {
  return (
    <header className="topbar">
      <span className="brand">MailMind</span>
      <SearchBox />
      <button type="button" className="ghost" onClick={() => setUi({ view: 'setup' })}>
        Add account
      </button>
    </header>
  );
}
