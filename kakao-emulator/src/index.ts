export { DEFAULT_ACCOUNTS, DEFAULT_APPS, DEFAULT_LIFETIMES, loadConfigFile } from './config';
export type { RunningEmulator } from './server';
export { buildEmulatorApp, startEmulator } from './server';
export type { Clock } from './store';
export type {
  EmulatorAccount,
  EmulatorApp,
  EmulatorConfig,
  EmulatorLifetimes,
  EmulatorOptions,
} from './types';
