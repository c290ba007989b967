import type { MailmindBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Present only inside the Electron app (exposed by the preload script). */
    mailmind?: MailmindBridge;
  }
}
