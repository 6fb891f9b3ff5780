/**
 * The soak's settings from the environment: SOAK_SECONDS (120), SOAK_RATE (app actions per second, all apps
 * together; 40), SOAK_APPS (20), SOAK_DATABASE_URL (an admin URL; default TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), SOAK_KEEP_LOGS=1 (keep the programs' logs after a passing run).
 */
export const seconds = Number(process.env.SOAK_SECONDS ?? 120);
export const rate = Number(process.env.SOAK_RATE ?? 40);
export const appCount = Number(process.env.SOAK_APPS ?? 20);
export const adminUrl =
  process.env.SOAK_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
export const keepLogsAlways = process.env.SOAK_KEEP_LOGS === '1';

/** Per action of a signed-in app: log out, or present one token twice at once; else an ordinary refresh. */
export const LOGOUT_SHARE = 0.05;
export const DOUBLE_SHARE = 0.03;
/** The emulator's default accounts the apps sign in as, in turn. */
export const ACCOUNTS = [1001, 1002, 1003];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
