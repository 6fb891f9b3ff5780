import type { DesktopApi } from '@kakao-desktop/contract/ipc';

// What preload/index.ts exposes through contextBridge. Identical to preload's own declaration, if any.
declare global {
  interface Window {
    api: DesktopApi;
  }
}
