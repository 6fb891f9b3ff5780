export * from './dpop';
export * from './errors';
export * from './http';
export * from './ipc';
export * from './session-state';
