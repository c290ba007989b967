// What the Electron preload exposes to the renderer (as `window.mailmind`):
// typed once, here. Two named functions and nothing else: no ipcRenderer, no
// generic invoke(channel).

export interface HubConnection {
  /** e.g. ws://127.0.0.1:PORT/ws/events/ (without the token). */
  wsUrl: string;
  /** e.g. http://127.0.0.1:PORT */
  apiUrl: string;
  token: string;
}

/** A message the user asked to see from outside the window (a new-mail notification). */
export interface OpenMessageTarget {
  messageId: string;
  mailboxId: string;
}

export interface MailmindBridge {
  /** The hub's URLs and this launch's token, handed over in memory (never in a URL, argv or the environment). */
  getHubConnection(): Promise<HubConnection>;
  /**
   * Calls `callback` whenever the user clicks a new-mail notification: the
   * window is already shown and focused; the renderer should select the
   * mailbox and open the message. Returns a function that stops listening
   * (call it on unmount).
   */
  onOpenMessage(callback: (target: OpenMessageTarget) => void): () => void;
}

export const BRIDGE_KEY = 'mailmind';

/** IPC channel names, in one place: the main process and the preload both use these. */
export const IpcChannel = {
  /** renderer → main (invoke): answers a HubConnection to the app's own window only. */
  getHubConnection: 'hub:get-connection',
  /** main → renderer (send): an OpenMessageTarget. */
  openMessage: 'window:open-message',
} as const;

/** Checks a value that crossed the process boundary before the renderer sees it. */
export function isOpenMessageTarget(value: unknown): value is OpenMessageTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { messageId, mailboxId } = value as Record<string, unknown>;
  return typeof messageId === 'string' && messageId.length > 0 && typeof mailboxId === 'string' && mailboxId.length > 0;
}
