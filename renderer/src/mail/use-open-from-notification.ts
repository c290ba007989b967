// In the desktop app, a click on a new-mail notification opens that message:
// the shell has already shown and focused the window; its mailbox is shown,
// then the message (marked read like any opened message). No bridge (the
// headless page in a browser): nothing to listen to.
import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { showMailbox } from './mail-commands';
import { openMessage } from './action-commands';

export function useOpenFromNotification(api: ApiClient | null): void {
  useEffect(() => {
    const bridge = window.mailmind;
    if (!api || !bridge) return undefined;
    return bridge.onOpenMessage((target) => {
      void showMailbox(api, target.mailboxId).then(() => openMessage(api, target.messageId));
    });
  }, [api]);
}
