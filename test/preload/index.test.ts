// The preload bridge: exactly the two functions of MailmindBridge under
// window.mailmind, nothing that reaches IPC in general. Electron is replaced
// by a recording double (../main/electron-double.ts): the real module needs
// the Electron binary, which cannot be downloaded on this machine.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_KEY, IpcChannel, type MailmindBridge, type OpenMessageTarget } from '../../shared/bridge';
import { electronDouble } from '../main/electron-double';

vi.mock('electron', async () => (await import('../main/electron-double')).electronModule);

const { ipcRenderer, contextBridge } = electronDouble;
let bridge: MailmindBridge;

beforeAll(async () => {
  await import('../../electron/preload/index');
  bridge = contextBridge.exposed.get(BRIDGE_KEY) as MailmindBridge;
});

describe('preload bridge', () => {
  it('exposes one object, window.mailmind, with exactly getHubConnection and onOpenMessage', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['mailmind']);
    expect(Object.keys(bridge).sort()).toEqual(['getHubConnection', 'onOpenMessage']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('getHubConnection invokes the one channel without arguments and returns its answer', async () => {
    const connection = await bridge.getHubConnection();
    expect(ipcRenderer.invoked).toEqual([{ channel: IpcChannel.getHubConnection, args: [] }]);
    expect(connection).toEqual({ wsUrl: 'ws://127.0.0.1:1/ws/events/', apiUrl: 'http://127.0.0.1:1', token: 't'.repeat(64) });
  });

  it('onOpenMessage passes on a valid target (not the IPC event) until unsubscribed', () => {
    const received: unknown[][] = [];
    const stop = bridge.onOpenMessage((...args) => received.push(args));
    const target: OpenMessageTarget = { messageId: 'm1', mailboxId: 'inbox-1' };
    const ipcEvent = { sender: ipcRenderer };
    ipcRenderer.emit(IpcChannel.openMessage, ipcEvent, { ...target, extra: 'dropped' });
    expect(received).toEqual([[target]]);
    stop();
    ipcRenderer.emit(IpcChannel.openMessage, ipcEvent, target);
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount(IpcChannel.openMessage)).toBe(0);
  });

  it('onOpenMessage ignores malformed messages', () => {
    const received: unknown[] = [];
    const stop = bridge.onOpenMessage((target) => received.push(target));
    for (const bad of [null, 'm1', { messageId: 'm1' }, { messageId: '', mailboxId: 'x' }, { messageId: 1, mailboxId: 'x' }]) {
      ipcRenderer.emit(IpcChannel.openMessage, {}, bad);
    }
    expect(received).toEqual([]);
    stop();
  });
});
