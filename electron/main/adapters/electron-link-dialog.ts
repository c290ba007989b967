// The desktop's "Open this link?" question: a native dialog over the window
// that shows the real address before the link leaves the app.
import { dialog, type BrowserWindow } from 'electron';

/** Asks whether to open `url`; resolves true only on "Open link". */
export function createLinkDialog(window: () => BrowserWindow | null): (url: string) => Promise<boolean> {
  return async (url) => {
    const options = {
      type: 'question' as const,
      buttons: ['Open link', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open this link?',
      detail: `${url}\n\nCheck the address: a message can show one text and link somewhere else.`,
    };
    const parent = window();
    const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
    return response === 0;
  };
}
