/**
 * The local emulator's dev app secrets, for the backend and the test helpers only (the desktop never imports this
 * module, so they stay out of its bundle). Public on purpose, the emulator prints them; never a real app's: the
 * backend refuses them under NODE_ENV=production. The rest of the dev defaults is in dev-defaults.ts.
 */
export const DEV_ONLY_SECRETS = Object.freeze({
  clientSecret: 'dev-client-secret',
  adminKey: 'dev-admin-key',
});
