// The renderer's only door to the main process: one named, typed function.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IpcChannel, type HubConnection, type MailmindBridge } from '../../shared/bridge';

const bridge: MailmindBridge = {
  getHubConnection: () => ipcRenderer.invoke(IpcChannel.getHubConnection) as Promise<HubConnection>,
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
