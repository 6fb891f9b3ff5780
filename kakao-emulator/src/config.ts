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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
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
