// The renderer's only door to the main process: the two named, typed functions
// of MailmindBridge (shared/bridge.ts), never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_KEY, IpcChannel, isOpenMessageTarget, type HubConnection, type MailmindBridge, type OpenMessageTarget } from '../../shared/bridge';

const bridge: MailmindBridge = {
  getHubConnection: () => ipcRenderer.invoke(IpcChannel.getHubConnection) as Promise<HubConnection>,
  onOpenMessage(callback) {
    // The IPC event is not passed on: it carries `sender`, a way back into IPC.
    const listener = (_event: IpcRendererEvent, target: unknown): void => {
      if (isOpenMessageTarget(target)) callback({ messageId: target.messageId, mailboxId: target.mailboxId } satisfies OpenMessageTarget);
    };
    ipcRenderer.on(IpcChannel.openMessage, listener);
    return () => {
      ipcRenderer.removeListener(IpcChannel.openMessage, listener);
    };
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
