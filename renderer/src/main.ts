// The page's entry, kept small and free of React: it starts the first data
// requests, then runs the React app (app-root.tsx, its own chunk, which the page
// fetches and compiles in parallel: see the modulepreload in electron.vite.config.ts).
// React and the views are most of the script; before this split the first
// requests waited until all of it had loaded and compiled.
import { createApiClient } from './api/api-client';
import { immediateHubConnection } from './auth/hub-connection';
import { refreshAll } from './mail/mail-commands';
import './styles.css';

performance.mark('mailmind:start'); // the bench measures from navigation; this splits out loading the entry
const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
// A link from a message opens /link#to=URL in a new window: that page needs no session.
const isLinkPage = window.location.pathname === '/link';
// Headless, the token is known now: the first data is requested while React is
// still loading (the app's own refresh at mount finds it, or joins the request).
const boot = isLinkPage ? null : immediateHubConnection(window);
if (boot) void refreshAll(createApiClient(boot.apiUrl, () => boot.token));

import('./app-root')
  .then(({ mountApp }) => {
    performance.mark('mailmind:app'); // React's chunk has loaded and run
    mountApp(root, isLinkPage);
  })
  .catch((error: unknown) => {
    root.textContent = `MailMind could not load: ${String(error)}. Reload the page to try again.`;
  });
