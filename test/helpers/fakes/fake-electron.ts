/**
 * Just enough of the `electron` module to run our thin adapters in plain Node (the binary is not installed):
 * `vi.mock('electron', () => import('<path>/test/helpers/fakes/fake-electron'))`. Every fake records what
 * the adapter did (options, handlers) and lets the test play the browser (emit events, call handlers).
 */
import { EventEmitter } from 'node:events';

type Handler = (...args: unknown[]) => unknown;

/** A navigation event as Electron 25+ passes it (details object with url + preventDefault). */
export function navigationEvent(url: string) {
  return {
    url,
    isMainFrame: true,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebRequest {
  beforeRequest: Handler | null = null;
  onBeforeRequest(listener: Handler | null) {
    this.beforeRequest = listener;
  }
  /** Play a request through the registered listener; resolves with whether it was cancelled. */
  request(url: string, resourceType = 'mainFrame'): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.beforeRequest) return resolve(false);
      this.beforeRequest({ url, resourceType, method: 'GET', id: 1 }, (response: { cancel?: boolean }) =>
        resolve(response.cancel === true),
      );
    });
  }
}

export class FakeSession {
  readonly webRequest = new FakeWebRequest();
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  cleared = 0;
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: Handler | null) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler | null) {
    this.permissionCheckHandler = handler;
  }
  async clearStorageData() {
    this.cleared++;
  }
  async clearCache() {}
}

const sessions = new Map<string, FakeSession>();
export const session = {
  fromPartition(partition: string): FakeSession {
    let existing = sessions.get(partition);
    if (!existing) {
      existing = new FakeSession(partition);
      sessions.set(partition, existing);
    }
    return existing;
  },
  get defaultSession(): FakeSession {
    return session.fromPartition('');
  },
};

function sessionFor(partition: unknown): FakeSession {
  return typeof partition === 'string' ? session.fromPartition(partition) : session.defaultSession;
}

export class FakeWebContents extends EventEmitter {
  url = '';
  /** The session of the window's partition (the default session when none is given). */
  constructor(readonly session: FakeSession = sessionFor(undefined)) {
    super();
  }
  windowOpenHandler: Handler | null = null;
  loaded: string[] = [];
  sent: { channel: string; args: unknown[] }[] = [];
  readonly mainFrame = { url: '' };
  setWindowOpenHandler(handler: Handler) {
    this.windowOpenHandler = handler;
  }
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  getURL() {
    return this.url;
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    const webPreferences = options.webPreferences as { partition?: unknown } | undefined;
    this.webContents = new FakeWebContents(sessionFor(webPreferences?.partition));
    BrowserWindow.created.push(this);
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  show() {}
  focus() {}
  async loadURL(url: string) {
    this.webContents.url = url;
  }
  async loadFile(path: string) {
    this.webContents.url = `file://${path}`;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: 800, height: 600 };
  }
}

class FakeApp extends EventEmitter {
  sandboxEnabled = false;
  enableSandbox() {
    this.sandboxEnabled = true;
  }
}
export const app = new FakeApp();

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, handler: Handler) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

export const Menu = {
  current: null as unknown,
  buildFromTemplate(template: unknown) {
    return { template };
  },
  setApplicationMenu(menu: unknown) {
    this.current = menu;
  },
};

/** Records message boxes (with the window they were modal to) and answers with the first button. */
export const dialog = {
  shown: [] as { parent: unknown; options: Record<string, unknown> }[],
  async showMessageBox(parentOrOptions: unknown, maybeOptions?: Record<string, unknown>) {
    const [parent, options] =
      maybeOptions === undefined
        ? [null, parentOrOptions as Record<string, unknown>]
        : [parentOrOptions, maybeOptions];
    this.shown.push({ parent, options });
    return { response: 0, checkboxChecked: false };
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.set(key, api);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invoked: { channel: string; args: unknown[] }[] = [];
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return { channel };
  }
}
export const ipcRenderer = new FakeIpcRenderer();

export function resetFakeElectron(): void {
  sessions.clear();
  app.removeAllListeners();
  app.sandboxEnabled = false;
  BrowserWindow.created.length = 0;
  ipcMain.handlers.clear();
  Menu.current = null;
  dialog.shown = [];
  contextBridge.exposed.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
}
