/** preload/browser-bridge.ts as a plain (classic) script. */
export function compileBrowserBridge(): Promise<string>;
