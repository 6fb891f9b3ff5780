/** `window.api` in the renderer: exactly contract's DesktopApi (see preload/index.ts). */
import type { DesktopApi } from '@kakao-desktop/contract/ipc';

declare global {
  interface Window {
    api: DesktopApi;
  }
}
