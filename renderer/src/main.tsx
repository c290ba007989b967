import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { App } from './App';
import { createApiClient } from './api/api-client';
import { AuthProvider } from './auth/auth-context';
import { immediateHubConnection } from './auth/hub-connection';
import { LinkConfirm } from './components/LinkConfirm';
import { refreshAll } from './mail/mail-commands';
import './styles.css';

performance.mark('mailmind:start'); // the bench measures from navigation; this splits out script loading
const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
// A link from a message opens /link#to=URL in a new window: that page needs no session.
const isLinkPage = window.location.pathname === '/link';
// Headless, the token is known now: the first data is requested before React's
// first render (the app's own refresh at mount joins this one).
const boot = isLinkPage ? null : immediateHubConnection(window);
if (boot) void refreshAll(createApiClient(boot.apiUrl, () => boot.token));
createRoot(root).render(
  <StrictMode>
    {isLinkPage ? (
      <LinkConfirm />
    ) : (
      <AuthProvider>
        <ApiProvider>
          <App />
        </ApiProvider>
      </AuthProvider>
    )}
  </StrictMode>,
);
