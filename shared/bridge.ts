// What the Electron preload exposes to the renderer: typed once, here.

export interface HubConnection {
  /** e.g. ws://127.0.0.1:PORT/ws/events/ (without the token). */
  wsUrl: string;
  /** e.g. http://127.0.0.1:PORT */
  apiUrl: string;
  token: string;
}

export interface MailmindBridge {
  getHubConnection(): Promise<HubConnection>;
}

export const BRIDGE_KEY = 'mailmind';
export const IpcChannel = { getHubConnection: 'hub:get-connection' } as const;
