// A recording double of the `electron` module for the main-process and
// preload tests. The real module cannot be loaded here: it only resolves the
// path of Electron's binary, which cannot be downloaded on this machine (see
// DESIGN.md, "Environment facts"). Tests replace it with
//   vi.mock('electron', async () => (await import('./electron-double')).electronModule);
// and inspect what the code under test asked of it. Only what the shell uses
// is modelled; anything else is absent, so a new use fails loudly.
import { EventEmitter } from 'node:events';

/** An Electron-style event: handlers call preventDefault() to veto. */
export class VetoableEvent {
  defaultPrevented = false;
  constructor(readonly fields: Record<string, unknown> = {}) {
    Object.assign(this, fields);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface FrameDouble {
  url: string;
  parent: FrameDouble | null;
  processId: number;
  routingId: number;
}

let nextId = 1;

export class WebContentsDouble extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame: FrameDouble = { url: '', parent: null, processId: 7, routingId: this.id };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  loading = false;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isLoading(): boolean {
    return this.loading;
  }
  /** Emits `name` with a vetoable event and reports whether a handler vetoed it. */
  vetoed(name: string, fields: Record<string, unknown>): boolean {
    const event = new VetoableEvent(fields);
    this.emit(name, event);
    return event.defaultPrevented;
  }
}

export class BrowserWindowDouble extends EventEmitter {
  static readonly created: BrowserWindowDouble[] = [];
  readonly webContents = new WebContentsDouble();
  readonly calls: string[] = [];
  loadedUrl: string | null = null;
  visible = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindowDouble.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class TrayDouble extends EventEmitter {
  static readonly created: TrayDouble[] = [];
  tooltip = '';
  title = '';
  menu: MenuDouble | null = null;
  destroyed = false;
  constructor(readonly image: NativeImageDouble) {
    super();
    TrayDouble.created.push(this);
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: MenuDouble): void {
    this.menu = menu;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export interface MenuItemDouble {
  label?: string;
  type?: string;
  checked?: boolean;
  click?: () => void;
}

export class MenuDouble {
  constructor(readonly items: MenuItemDouble[]) {}
  static buildFromTemplate(items: MenuItemDouble[]): MenuDouble {
    return new MenuDouble(items);
  }
}

export class NativeImageDouble {
  constructor(
    readonly path: string,
    readonly size: { width: number; height: number } | null = null,
  ) {}
  resize(size: { width: number; height: number }): NativeImageDouble {
    return new NativeImageDouble(this.path, size);
  }
}

export class NotificationDouble extends EventEmitter {
  static supported = true;
  static readonly shown: NotificationDouble[] = [];
  constructor(readonly options: { title: string; body: string; icon?: string }) {
    super();
  }
  static isSupported(): boolean {
    return NotificationDouble.supported;
  }
  show(): void {
    NotificationDouble.shown.push(this);
  }
}

type Handler = (...args: never[]) => unknown;

/** The order of the calls that must come in order (scheme registration before ready, …). */
export const callOrder: string[] = [];

/** app, protocol, session, ipcMain, dialog, shell: each call recorded. */
export const electronDouble = {
  app: Object.assign(new EventEmitter(), {
    badgeCount: 0,
    quitCalls: 0,
    exitCodes: [] as number[],
    /** What requestSingleInstanceLock answers (false: another instance runs). */
    gotLock: true,
    isPackaged: true,
    userDataDir: '/nonexistent/userData',
    appPath: '/app',
    requestSingleInstanceLock(): boolean {
      callOrder.push('app.requestSingleInstanceLock');
      return electronDouble.app.gotLock;
    },
    enableSandbox(): void {
      callOrder.push('app.enableSandbox');
    },
    whenReady(): Promise<void> {
      callOrder.push('app.whenReady');
      return Promise.resolve();
    },
    getPath(name: string): string {
      if (name !== 'userData') throw new Error(`the double knows only userData, not ${name}`);
      return electronDouble.app.userDataDir;
    },
    getAppPath(): string {
      return electronDouble.app.appPath;
    },
    getVersion(): string {
      return '0.1.0-test';
    },
    setBadgeCount(count: number): boolean {
      electronDouble.app.badgeCount = count;
      return true;
    },
    quit(): void {
      electronDouble.app.quitCalls += 1;
    },
    exit(code = 0): void {
      electronDouble.app.exitCodes.push(code);
    },
  }),
  protocol: {
    privileged: [] as unknown[],
    handlers: new Map<string, Handler>(),
    registerSchemesAsPrivileged(schemes: unknown[]): void {
      callOrder.push('protocol.registerSchemesAsPrivileged');
      electronDouble.protocol.privileged.push(...schemes);
    },
    handle(scheme: string, handler: Handler): void {
      callOrder.push('protocol.handle');
      electronDouble.protocol.handlers.set(scheme, handler);
    },
  },
  ipcMain: {
    handlers: new Map<string, Handler>(),
    handle(channel: string, handler: Handler): void {
      electronDouble.ipcMain.handlers.set(channel, handler);
    },
  },
  session: {
    defaultSession: {
      handlers: new Map<string, Handler>(),
      setPermissionRequestHandler(handler: Handler): void {
        electronDouble.session.defaultSession.handlers.set('request', handler);
      },
      setPermissionCheckHandler(handler: Handler): void {
        electronDouble.session.defaultSession.handlers.set('check', handler);
      },
      setDevicePermissionHandler(handler: Handler): void {
        electronDouble.session.defaultSession.handlers.set('device', handler);
      },
    },
  },
  dialog: {
    /** Each question asked: its message and detail. */
    asked: [] as Array<{ message: string; detail: string }>,
    /** The button the user presses (0: the first, "Open link"). */
    response: 1,
    showMessageBox(...args: unknown[]): Promise<{ response: number }> {
      const options = args.at(-1) as { message: string; detail: string };
      electronDouble.dialog.asked.push({ message: options.message, detail: options.detail });
      return Promise.resolve({ response: electronDouble.dialog.response });
    },
  },
  shell: {
    opened: [] as string[],
    openExternal(url: string): Promise<void> {
      electronDouble.shell.opened.push(url);
      return Promise.resolve();
    },
  },
  contextBridge: {
    exposed: new Map<string, unknown>(),
    exposeInMainWorld(key: string, api: unknown): void {
      electronDouble.contextBridge.exposed.set(key, api);
    },
  },
  ipcRenderer: Object.assign(new EventEmitter(), {
    invoked: [] as Array<{ channel: string; args: unknown[] }>,
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      electronDouble.ipcRenderer.invoked.push({ channel, args });
      return Promise.resolve({ wsUrl: 'ws://127.0.0.1:1/ws/events/', apiUrl: 'http://127.0.0.1:1', token: 't'.repeat(64) });
    },
  }),
};

/** The module object handed to vi.mock('electron'). */
export const electronModule = {
  ...electronDouble,
  BrowserWindow: BrowserWindowDouble,
  Tray: TrayDouble,
  Menu: MenuDouble,
  Notification: NotificationDouble,
  nativeImage: { createFromPath: (path: string) => new NativeImageDouble(path) },
};
