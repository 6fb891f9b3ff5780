/**
 * Which frames may call our IPC handlers: only our own renderer, i.e. the dev server's origin in development,
 * the packaged index.html file in production, or the browser shell's own loopback origin (main/browser-shell/). A sub-frame, a page navigated elsewhere, or any other
 * file:// page is refused.
 * @see desktop/desktop `trusted-ipc-sender.ts`
 */
import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** Dev server URL (electron-vite's ELECTRON_RENDERER_URL), when running in development. */
  devServerUrl?: string | undefined;
  /** Absolute path of the built renderer's index.html. */
  indexHtmlPath: string;
  /** The browser shell's origin (`http://127.0.0.1:<port>`), when the renderer runs in a browser tab. */
  browserShellOrigin?: string | undefined;
}

/** The URL check, on the sender frame's URL. `null`/empty (a destroyed frame) is never trusted. */
export function isTrustedRendererUrl(url: string | null | undefined, renderer: RendererLocation): boolean {
  if (!url) return false;
  let candidate: URL;
  try {
    candidate = new URL(url);
  } catch {
    return false;
  }
  if (renderer.devServerUrl) {
    const dev = new URL(renderer.devServerUrl);
    if ((dev.protocol === 'http:' || dev.protocol === 'https:') && candidate.origin === dev.origin)
      return true;
  }
  if (renderer.browserShellOrigin && candidate.origin === new URL(renderer.browserShellOrigin).origin)
    return true;
  if (candidate.protocol !== 'file:' || candidate.host !== '') return false;
  return candidate.pathname === pathToFileURL(renderer.indexHtmlPath).pathname;
}

/** What the IPC edge knows about a caller (a slice of Electron's IpcMainInvokeEvent). */
export interface IpcSender {
  /** The calling frame's URL; null when the frame is gone. */
  frameUrl: string | null | undefined;
  /** Only the top frame of our window may call. */
  isMainFrame: boolean;
}

export function isTrustedSender(sender: IpcSender, renderer: RendererLocation): boolean {
  return sender.isMainFrame && isTrustedRendererUrl(sender.frameUrl, renderer);
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
  readonly code = 'untrusted_sender' as const;
  constructor() {
    super('IPC call refused: the sender is not our renderer');
  }
}

/** Throws (the invoke rejects) rather than answering: a foreign frame gets no typed result to learn from. */
export function assertTrustedSender(sender: IpcSender, renderer: RendererLocation): void {
  if (!isTrustedSender(sender, renderer)) throw new UntrustedSenderError();
}
