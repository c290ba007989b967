// @vitest-environment jsdom
// In the desktop app a click on a new-mail notification reaches the renderer
// through the preload bridge's onOpenMessage: the message's mailbox is shown
// and the message opened. The bridge here is a stand-in for the Electron
// preload (the binary cannot run here); the API is a real hub.
import { cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { MailmindBridge, OpenMessageTarget } from '../../shared/bridge';
import { createApiClient } from '../../renderer/src/api/api-client';
import { useOpenFromNotification } from '../../renderer/src/mail/use-open-from-notification';
import { mailStore } from '../../renderer/src/stores/mail-store';
import { uiStore } from '../../renderer/src/stores/ui-store';
import { startTestHub, type TestHub } from '../support/test-hub';

let t: TestHub;
let listener: ((target: OpenMessageTarget) => void) | null = null;
let unsubscribed = 0;

beforeAll(async () => {
  t = await startTestHub();
  const bridge: MailmindBridge = {
    getHubConnection: async () => t.hub.connection(),
    onOpenMessage(callback) {
      listener = callback;
      return () => {
        listener = null;
        unsubscribed += 1;
      };
    },
  };
  window.mailmind = bridge;
});

afterEach(cleanup);
afterAll(async () => {
  delete window.mailmind;
  await t.stop();
});

it('shows the mailbox and opens the message the notification was about, and stops listening on unmount', async () => {
  const api = createApiClient(t.hub.origin, () => t.hub.connection().token);
  const { unmount } = renderHook(() => useOpenFromNotification(api));
  expect(listener).not.toBeNull();
  listener!({ mailboxId: 'mailbox-1', messageId: 'message-1' });
  await waitFor(() => expect(uiStore.getState().openId).toBe('message-1'));
  expect(mailStore.getState().list.source).toEqual({ kind: 'mailbox', mailboxId: 'mailbox-1' });
  unmount();
  expect(unsubscribed).toBe(1);
  expect(listener).toBeNull();
});
