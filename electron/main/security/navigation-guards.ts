// The window never leaves the app's own page: a link, a script, a redirect or
// an email's meta refresh cannot navigate it (or any of its frames) elsewhere,
// and no second window opens. Links the user follows are handed to the
// desktop through the one openExternal wrapper instead.
import type { WebContents } from 'electron';
import { isOnOrigin } from '../app-origin';
import type { OpenExternal } from './open-external';

/**
 * Whether a frame may navigate to `url`. The main frame stays on the app's
 * origin; subframes may only become the reader's sandboxed srcdoc (or blank)
 * document, never a remote page.
 */
export function isAllowedNavigation(url: string, isMainFrame: boolean, appOrigin: string): boolean {
  if (isMainFrame) return isOnOrigin(url, appOrigin);
  return url === 'about:srcdoc' || url === 'about:blank';
}

type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Installs the navigation, redirect and window-open guards on a window's contents. */
export function installNavigationGuards(contents: GuardedContents, appOrigin: string, openExternal: OpenExternal): void {
  contents.on('will-navigate', (details) => {
    if (!isAllowedNavigation(details.url, true, appOrigin)) details.preventDefault();
  });
  contents.on('will-frame-navigate', (details) => {
    if (!isAllowedNavigation(details.url, details.isMainFrame, appOrigin)) details.preventDefault();
  });
  contents.on('will-redirect', (details) => {
    if (!isAllowedNavigation(details.url, details.isMainFrame, appOrigin)) details.preventDefault();
  });
  // <webview> is off in webPreferences; refuse an attempt to attach one anyway.
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The renderer opens links with window.open(url, '_blank', 'noopener'): no window, the
  // desktop opens the link (if it is https: or mailto:).
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
}
