// The desktop's "Open this link?" question: a native dialog over the window
// that shows the real address before the link leaves the app.
import { dialog, type BrowserWindow } from 'electron';

/** The host of `url` as the browser will reach it (punycode); empty for mailto:. */
const host = (url: string): string => URL.parse(url)?.host ?? '';

/** Asks whether to open `url` (as it will be opened: externalUrl's form); resolves true only on "Open link". */
export function createLinkDialog(window: () => BrowserWindow | null): (url: string) => Promise<boolean> {
  return async (url) => {
    const options = {
      type: 'question' as const,
      buttons: ['Open link', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      // The host on its own line: the part of an address that says where it goes.
      message: host(url) ? `Open a link to ${host(url)}?` : 'Open this link?',
      detail: `${url}\n\nCheck the address: a message can show one text and link somewhere else.`,
    };
    const parent = window();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
}
