import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type {
  EmulatorAccount,
  EmulatorApp,
  EmulatorConfig,
  EmulatorLifetimes,
  EmulatorOptions,
} from './types';

// --- Defaults (kept in step with README.md "Defaults") ---

export const DEFAULT_PORT = 9010;

export const DEFAULT_LIFETIMES: EmulatorLifetimes = {
  code: 600,
  accessToken: 21599,
  refreshToken: 5183999,
  session: 86400,
};

export const DEFAULT_ALLOWED_SCOPES = ['profile_nickname', 'profile_image', 'openid'];

export const DEFAULT_APPS: EmulatorApp[] = [
  {
    clientId: 'kakao-desktop-dev',
    clientSecret: 'dev-client-secret',
    appId: 100001,
    adminKey: 'dev-admin-key',
    name: 'Kakao Desktop (dev)',
    redirectUris: ['http://localhost:9021/callback', 'http://127.0.0.1:9021/callback'],
    logoutRedirectUris: ['http://localhost:9021/logout'],
    allowedScopes: ['profile_nickname', 'profile_image', 'account_email', 'name', 'age_range', 'openid'],
    oidc: true,
  },
];

export const DEFAULT_ACCOUNTS: EmulatorAccount[] = [
  {
    id: 1001,
    nickname: '김카카오',
    email: 'kim@kakao.test',
    name: '김카카오',
    ageRange: '30~39',
    gender: 'female',
    birthyear: '1990',
    birthday: '0214',
    phoneNumber: '+82 10-1234-5678',
    profileImageUrl: 'http://k.kakaocdn.net/dn/emulator/kim/img_640x640.jpg',
    thumbnailImageUrl: 'http://k.kakaocdn.net/dn/emulator/kim/img_110x110.jpg',
  },
  { id: 1002, nickname: 'Alice Kim', email: 'alice@example.test', name: 'Alice Kim', ageRange: '20~29' },
  { id: 1003, nickname: '이무메일' },
  { id: 1004, nickname: 'Bob Unverified', email: 'bob@example.test', isEmailVerified: false },
];

// --- Validation (control API and config file share these) ---

const url = z.string().url();

export const appSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  appId: z.number().int().positive(),
  adminKey: z.string().min(1).optional(),
  name: z.string().optional(),
  redirectUris: z.array(url).min(1),
  logoutRedirectUris: z.array(url).optional(),
  allowedScopes: z.array(z.string().min(1)).optional(),
  oidc: z.boolean().optional(),
  unlinkCallbackUrl: url.optional(),
  requireTokenRedirectUri: z.boolean().optional(),
  rejectSecretWhenDisabled: z.boolean().optional(),
  loginEnabled: z.boolean().optional(),
  teamMemberIds: z.array(z.number().int().positive()).optional(),
  promptNoneWithoutSession: z.string().min(1).optional(),
  requiredScopes: z.array(z.string().min(1)).optional(),
  autoLink: z.boolean().optional(),
  userProperties: z.array(z.string().regex(/^[A-Za-z0-9_]{1,50}$/, 'letters, digits and _')).optional(),
  partnerUuid: z.boolean().optional(),
  serviceTerms: z
    .array(z.strictObject({ tag: z.string().regex(/^[A-Za-z0-9_-]{1,50}$/), required: z.boolean() }))
    .optional(),
}) satisfies z.ZodType<EmulatorApp>;

export const accountSchema = z.strictObject({
  id: z.number().int().positive(),
  email: z.string().email().optional(),
  password: z.string().min(1).optional(),
  nickname: z.string().min(1),
  profileImageUrl: url.optional(),
  thumbnailImageUrl: url.optional(),
  isEmailVerified: z.boolean().optional(),
  isEmailValid: z.boolean().optional(),
  name: z.string().optional(),
  ageRange: z
    .string()
    .regex(/^\d+~(\d+)?$/, 'Kakao style, e.g. "20~29" or "90~"')
    .optional(),
  gender: z.enum(['female', 'male']).optional(),
  birthyear: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  birthday: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  phoneNumber: z.string().optional(),
  ci: z.string().min(1).optional(),
  ciAuthenticatedAt: z.string().datetime().optional(),
  isDefaultNickname: z.boolean().optional(),
}) satisfies z.ZodType<EmulatorAccount>;

const seconds = z.number().int().positive();

export const lifetimesSchema = z.strictObject({
  code: seconds.optional(),
  accessToken: seconds.optional(),
  refreshToken: seconds.optional(),
  session: seconds.optional(),
});

export const configFileSchema = z.strictObject({
  apps: z.array(appSchema).min(1).optional(),
  accounts: z.array(accountSchema).min(1).optional(),
  lifetimes: lifetimesSchema.optional(),
});

/** Short one-line description of a zod error: `apps.0.redirectUris: Invalid URL; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** Options → the effective configuration (defaults filled in). */
export function resolveConfig(
  options: Pick<EmulatorOptions, 'apps' | 'accounts' | 'lifetimes'>,
): EmulatorConfig {
  const lifetimes = { ...DEFAULT_LIFETIMES };
  for (const [key, value] of Object.entries(options.lifetimes ?? {})) {
    if (value !== undefined) lifetimes[key as keyof EmulatorLifetimes] = value;
  }
  return {
    apps: structuredClone(options.apps ?? DEFAULT_APPS),
    accounts: structuredClone(options.accounts ?? DEFAULT_ACCOUNTS),
    lifetimes,
  };
}

/** Bad configuration (environment or config file); `message` is the one line to print. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
}

/** The CLI's environment (`npm run emulator`), validated. */
export interface EmulatorEnv {
  port: number;
  host: string | undefined;
  /** KAKAO_EMULATOR_CONFIG: a JSON file replacing the default apps / accounts / lifetimes. */
  configPath: string | undefined;
  /** KAKAO_EMULATOR_QUIET set: no line per request. */
  quiet: boolean;
}

const emulatorEnvSchema = z.object({
  KAKAO_EMULATOR_PORT: z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().max(65_535))
    .default(DEFAULT_PORT),
  KAKAO_EMULATOR_HOST: z.string().optional(),
  KAKAO_EMULATOR_CONFIG: z.string().optional(),
  KAKAO_EMULATOR_QUIET: z.string().optional(),
});

const ENV_PROBLEMS: Record<keyof z.input<typeof emulatorEnvSchema>, string> = {
  KAKAO_EMULATOR_PORT: 'must be a port number (0-65535)',
  KAKAO_EMULATOR_HOST: 'must be a host name or address',
  KAKAO_EMULATOR_CONFIG: 'must be a file path',
  KAKAO_EMULATOR_QUIET: 'must be set or unset',
};

/** Reads the CLI's variables from `env` (a blank value counts as unset); throws ConfigError naming each bad one. */
export function readEmulatorEnv(env: Record<string, string | undefined>): EmulatorEnv {
  const names = Object.keys(ENV_PROBLEMS) as (keyof typeof ENV_PROBLEMS)[];
  const own = Object.fromEntries(names.map((name) => [name, env[name]?.trim() || undefined]));
  const parsed = emulatorEnvSchema.safeParse(own);
  if (!parsed.success) {
    const bad = [...new Set(parsed.error.issues.map((issue) => issue.path[0] as keyof typeof ENV_PROBLEMS))];
    throw new ConfigError(bad.map((name) => `${name} ${ENV_PROBLEMS[name]}, got "${own[name]}"`).join('; '));
  }
  const e = parsed.data;
  return {
    port: e.KAKAO_EMULATOR_PORT,
    host: e.KAKAO_EMULATOR_HOST,
    configPath: e.KAKAO_EMULATOR_CONFIG,
    quiet: e.KAKAO_EMULATOR_QUIET !== undefined,
  };
}

/** Reads and validates a KAKAO_EMULATOR_CONFIG file; throws ConfigError with a one-line message. */
export function loadConfigFile(path: string): Pick<EmulatorOptions, 'apps' | 'accounts' | 'lifetimes'> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${path} is not valid JSON: ${(cause as Error).message}`);
  }
  const parsed = configFileSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`${path} is not a valid emulator config: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
