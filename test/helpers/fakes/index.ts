export * from './fake-account-backend';
export * from './fake-auth-window';
export * from './fake-backend';
export * from './profile';
export * from './recording-vault';
