// The one IPC handler hands the hub token only to the app's own window, from
// its main frame, on the app's origin. Electron is replaced by a recording
// double (electron-double.ts): the real module needs the Electron binary,
// which cannot be downloaded on this machine.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IpcChannel, type HubConnection } from '../../../shared/bridge';
import { registerHubConnectionIpc } from '../../../electron/main/ipc/hub-connection-ipc';
import { BrowserWindowDouble, electronDouble, type WebContentsDouble, type FrameDouble } from '../electron-double';

vi.mock('electron', async () => (await import('../electron-double')).electronModule);

const APP = 'app://mailmind';
let token = 'a'.repeat(64);
let window: BrowserWindowDouble;

function invoke(event: { sender: WebContentsDouble; senderFrame: FrameDouble | null }): unknown {
  const handler = electronDouble.ipcMain.handlers.get(IpcChannel.getHubConnection) as unknown as (event: unknown) => HubConnection;
  return handler(event);
}

/** An invocation from `window`'s main frame, at `url`. */
function fromMainFrame(url = `${APP}/index.html`) {
  const contents = window.webContents;
  contents.mainFrame.url = url;
  return { sender: contents, senderFrame: contents.mainFrame };
}

beforeEach(() => {
  electronDouble.ipcMain.handlers.clear();
  window = new BrowserWindowDouble({});
  void window.loadURL(`${APP}/index.html`);
  registerHubConnectionIpc(electronDouble.ipcMain as never, {
    window: () => window as never,
    appOrigin: APP,
    connection: () => ({ wsUrl: 'ws://127.0.0.1:4000/ws/events/', apiUrl: 'http://127.0.0.1:4000', token }),
  });
});

describe('getHubConnection over IPC', () => {
  it('answers the app window main frame with the connection, token included', () => {
    expect(invoke(fromMainFrame())).toEqual({ wsUrl: 'ws://127.0.0.1:4000/ws/events/', apiUrl: 'http://127.0.0.1:4000', token });
  });

  it('reads the token at each call (a rotated token is handed out)', () => {
    token = 'b'.repeat(64);
    expect(invoke(fromMainFrame())).toMatchObject({ token: 'b'.repeat(64) });
  });

  it('refuses another window', () => {
    const other = new BrowserWindowDouble({});
    void other.loadURL(`${APP}/index.html`);
    expect(() => invoke({ sender: other.webContents, senderFrame: other.webContents.mainFrame })).toThrow(/not the app window/);
  });

  it('refuses a subframe (the reader iframe), even on the app origin', () => {
    const contents = window.webContents;
    const iframe = { url: `${APP}/index.html`, parent: contents.mainFrame, processId: contents.mainFrame.processId, routingId: 999 };
    expect(() => invoke({ sender: contents, senderFrame: iframe })).toThrow(/not the app window/);
    const srcdoc = { url: 'about:srcdoc', parent: contents.mainFrame, processId: 7, routingId: 1000 };
    expect(() => invoke({ sender: contents, senderFrame: srcdoc })).toThrow(/not the app window/);
  });

  it('refuses a frame that claims to be top-level but is not the main frame', () => {
    const contents = window.webContents;
    const impostor = { url: `${APP}/index.html`, parent: null, processId: 8, routingId: contents.mainFrame.routingId };
    expect(() => invoke({ sender: contents, senderFrame: impostor })).toThrow(/not the app window/);
  });

  it('refuses the main frame once it is on another origin', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://mailmind.evil/index.html', 'http://127.0.0.1:4000/']) {
      expect(() => invoke(fromMainFrame(url)), url).toThrow(/not the app window/);
    }
  });

  it('refuses when the frame is gone or the window was destroyed', () => {
    expect(() => invoke({ sender: window.webContents, senderFrame: null })).toThrow(/not the app window/);
    window.destroyed = true;
    expect(() => invoke(fromMainFrame())).toThrow(/not the app window/);
  });

  it('says nothing about the token in a refusal', () => {
    const other = new BrowserWindowDouble({});
    try {
      invoke({ sender: other.webContents, senderFrame: other.webContents.mainFrame });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain(token);
    }
  });
});
