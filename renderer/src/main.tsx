import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { App } from './App';
import { AuthProvider } from './auth/auth-context';
import { LinkConfirm } from './components/LinkConfirm';
import './styles.css';

performance.mark('mailmind:start'); // the bench measures from navigation; this splits out script loading
const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
// A link from a message opens /link#to=URL in a new window: that page needs no session.
const isLinkPage = window.location.pathname === '/link';
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
