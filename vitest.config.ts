import { defineConfig } from 'vitest/config';

// One run covers every workspace. `*.test.ts` = vitest; `*.spec.ts` = Playwright (see playwright.config.ts).
export default defineConfig({
  test: {
    // Both cores: most test time is CPU (fuzzing, PGlite), and the default leaves one core idle on 2-core machines.
    maxWorkers: 2,
    projects: [
      { test: { name: 'contract', root: 'contract', include: ['**/*.test.ts'] } },
      {
        test: {
          name: 'kakao-emulator',
          root: 'kakao-emulator',
          include: ['**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'server',
          root: 'server',
          include: ['**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'desktop',
          include: [
            'main/**/*.test.ts',
            'preload/**/*.test.ts',
            'renderer/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['test/keychain/**', '**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
