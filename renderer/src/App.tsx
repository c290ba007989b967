// The mail client: sidebar, list and reader over the hub, or the setup form.
import { useApi } from './api/api-context';
import { useAuth } from './auth/auth-context';
import { ActionToasts } from './components/ActionToasts';
import { MessageList } from './components/MessageList';
import { OfflineBanner } from './components/OfflineBanner';
import { PaneBoundary } from './components/PaneBoundary';
import { ReaderPane } from './components/ReaderPane';
import { SetupForm } from './components/SetupForm';
import { Sidebar } from './components/Sidebar';
import { StatusBar } from './components/StatusBar';
import { Toolbar } from './components/Toolbar';
import { TopBar } from './components/TopBar';
import { useHubSocket } from './hub/use-hub-socket';
import { useDataRefresh } from './mail/use-data-refresh';
import { useDocumentTitle } from './mail/use-document-title';
import { useKeyboardShortcuts } from './mail/use-keyboard-shortcuts';
import { useOpenFromNotification } from './mail/use-open-from-notification';
import { useMail } from './stores/use-mail';
import { useUi } from './stores/use-ui';

export function App() {
  const { token, resolved } = useAuth();
  const api = useApi();
  useHubSocket();
  useDataRefresh(api);
  useKeyboardShortcuts(api);
  useOpenFromNotification(api);
  useDocumentTitle();
  const accountsLoaded = useMail((state) => state.accountsLoaded);
  const noAccounts = useMail((state) => state.accounts.length === 0);
  const readerOpen = useUi((state) => state.openId !== null);
  const view = useUi((state) => state.view);
  const showSetup = view === 'setup' || (accountsLoaded && noAccounts);

  // The boundaries sit here (and in ReaderPane), below useHubSocket: a part that throws while
  // rendering shows an error with Reload, and the socket, the stores and the other parts keep running.
  return (
    <PaneBoundary label="MailMind" className="app">
      <div className={`app${readerOpen ? ' reader-open' : ''}`}>
        <TopBar />
        <PaneBoundary label="The mailbox list" className="sidebar">
          <Sidebar />
        </PaneBoundary>
        <main className="content">
          {resolved && !token ? (
            <p role="alert" className="banner banner-offline">
              This page is not signed in to MailMind. Open the address MailMind printed when it started: it carries the sign-in.
            </p>
          ) : null}
          <OfflineBanner />
          {showSetup ? (
            <SetupForm />
          ) : (
            <div className="panes">
              <PaneBoundary label="The message list" className="list-pane">
                <div className="list-pane">
                  <Toolbar />
                  <MessageList />
                </div>
              </PaneBoundary>
              <ReaderPane />
            </div>
          )}
        </main>
        <StatusBar />
        <ActionToasts />
      </div>
    </PaneBoundary>
  );
}
