// The page's entry, kept small and free of React: it starts the first data
// requests, then runs the React app (app-root.tsx, its own chunk, which the page
// fetches and compiles in parallel: see the modulepreload in electron.vite.config.ts).
// React and the views are most of the script; before this split the first
// requests waited until all of it had loaded and compiled.
import { createApiClient } from './api/api-client';
import { immediateHubConnection } from './auth/hub-connection';
import { importUntilLoaded } from './chunks/import-until-loaded';
import { prepareListDates } from './mail/format';
import { refreshAll } from './mail/mail-commands';
import './styles.css';

/**
 * How long the first render may wait for the first data once React has loaded:
 * with the data it shows the mailboxes and rows at once (one render, one layout),
 * without it an empty shell that the data then re-renders. The hub answers from
 * its local store, normally well within this.
 */
const FIRST_DATA_WAIT_MS = 300;

performance.mark('mailmind:start'); // the bench measures from navigation; this splits out loading the entry
const root = document.getElementById('root');
if (!root) throw new Error('No #root element');
// A link from a message opens /link#to=URL in a new window: that page needs no session.
const isLinkPage = window.location.pathname === '/link';
// Headless, the token is known now: the first data is requested while React is
// still loading (the app's own refresh at mount finds it, or joins the request).
const boot = isLinkPage ? null : immediateHubConnection(window);
const firstData = boot ? refreshAll(createApiClient(boot.apiUrl, () => boot.token)) : null;
// The first date formatting in a page loads the locale's data: better done while
// the main thread waits (for the data, or for React's chunk) than in the rows' render.
if (!isLinkPage) window.requestIdleCallback?.(() => prepareListDates());

/** What the page says while React's chunk cannot be fetched (the hub is down): it is tried again until it loads. */
function showLoadFailed(root: HTMLElement, error: unknown, retryNow: () => void): void {
  const notice = document.createElement('section');
  notice.className = 'pane-error';
  notice.setAttribute('role', 'alert');
  notice.dataset.testid = 'app-load-error';
  // The browser's reason ("Failed to fetch dynamically imported module: …") is for the console, not the user.
  console.warn('could not load the app:', error instanceof Error ? error.message : String(error));
  const text = document.createElement('p');
  text.textContent = 'MailMind could not load: the page could not reach its mail service. It will load when the service is back.';
  const retry = document.createElement('button');
  retry.type = 'button';
  retry.textContent = 'Retry';
  retry.addEventListener('click', retryNow);
  notice.append(text, retry);
  root.replaceChildren(notice);
}

importUntilLoaded(() => import('./app-root'), (error, retryNow) => showLoadFailed(root, error, retryNow))
  .then(async ({ mountApp }) => {
    performance.mark('mailmind:app'); // React's chunk has loaded and run
    if (firstData) await Promise.race([firstData, new Promise((resolve) => setTimeout(resolve, FIRST_DATA_WAIT_MS))]);
    root.replaceChildren(); // a notice of a failed try goes
    mountApp(root, isLinkPage);
  })
  .catch((error: unknown) => {
    root.textContent = `MailMind could not load: ${String(error)}. Reload the page to try again.`;
  });
