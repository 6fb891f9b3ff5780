/** Public surface of the server workspace (tests, bench, the repo's start script). */
export { buildApp } from './app';
export { type Config, ConfigError, DEV_DEFAULTS, loadConfig } from './config';
export { type Database, openDatabase } from './db/client';
export type { AppDeps, Services } from './services';
export { createUserWithIdentity } from './users/repository';
