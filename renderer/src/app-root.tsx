// The React app, loaded by the entry (main.ts) after it has started the first
// data requests. Nothing runs at load: the entry calls mountApp.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { App } from './App';
import { AuthProvider } from './auth/auth-context';
import { LinkConfirm } from './components/LinkConfirm';

/** Renders the mail client into `root`, or the link confirmation page (/link, which needs no session). */
export function mountApp(root: HTMLElement, isLinkPage: boolean): void {
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
}
