export { DEFAULT_ACCOUNTS, DEFAULT_APPS, DEFAULT_LIFETIMES, DEFAULT_PORT, loadConfigFile } from './config';
export type { RunningEmulator } from './emulator';
export { buildEmulatorApp, startEmulator } from './emulator';
export type { Clock } from './store';
// types.ts holds only the public configuration types (EmulatorApp, EmulatorAccount, EmulatorOptions, ...).
export type * from './types';
