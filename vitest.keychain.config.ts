import { defineConfig } from 'vitest/config';

// Runs inside scripts/with-keychain.sh: a private D-Bus session with an unlocked gnome-keyring.
export default defineConfig({
  test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'], testTimeout: 20_000 },
});
