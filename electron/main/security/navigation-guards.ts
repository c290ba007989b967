// The window never leaves the app's own page: a link, a script, a redirect or
// an email's meta refresh cannot navigate it (or any of its frames) elsewhere,
// and no second window opens. Links the user follows are handed to the
// desktop through the one openExternal wrapper instead.
import type { WebContents } from 'electron';
import { isOnOrigin } from '../app-origin';
import { linkPageTarget } from './link-page';
import { externalUrl, type OpenExternal } from './open-external';

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

/** Asks the user whether to open a link's real address (the desktop's version of the renderer's link page). */
export type ConfirmLink = (url: string) => Promise<boolean>;

/** Installs the navigation, redirect and window-open guards on a window's contents. */
export function installNavigationGuards(contents: GuardedContents, appOrigin: string, openExternal: OpenExternal, confirmLink: ConfirmLink): void {
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
  // desktop opens the link (if it is https: or mailto:). A link in a message comes as the
  // app's link page: the user sees its real address first.
  contents.setWindowOpenHandler(({ url }) => {
    const target = linkPageTarget(url, appOrigin);
    // The address as it would be opened (newlines dropped, the host in punycode): shown as
    // written, "https://bank.example" and 40 newlines hid the ".evil.example" it went on to.
    const opened = target === null ? null : externalUrl(target);
    if (opened === null) openExternal(target ?? url);
    else void confirmLink(opened).then((open) => open && openExternal(opened));
    return { action: 'deny' };
  });
}
