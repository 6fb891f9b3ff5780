/**
 * The backend's development defaults (the local emulator's dev app, from contract/src/dev-defaults.json), and
 * production's refusal of them: NODE_ENV=production must not run with a public dev secret or against the emulator.
 */
import {
  DEV_KAKAO_APP,
  DEV_KAKAO_BASE_URL,
  DEV_PORTS,
  DEV_REDIRECT_URIS,
} from '@kakao-desktop/contract/dev-defaults';
import { DEV_ONLY_SECRETS } from '@kakao-desktop/contract/dev-defaults-secrets';
import type { Config } from './config';
import { ConfigError } from './config-errors';

/** Fine for development, refused in production. */
export const DEV_DEFAULTS = {
  port: DEV_PORTS.backend,
  kakaoBaseUrl: DEV_KAKAO_BASE_URL,
  clientId: DEV_KAKAO_APP.clientId,
  clientSecret: DEV_ONLY_SECRETS.clientSecret,
  appId: DEV_KAKAO_APP.appId,
  adminKey: DEV_ONLY_SECRETS.adminKey,
  allowedRedirectUris: DEV_REDIRECT_URIS,
  /** 32 zero-ish bytes, base64url. Only for development: production must set TOKEN_ENCRYPTION_KEY. */
  encryptionKey: 'ZGV2LW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI',
} as const;

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

export function refuseDevDefaults(config: Config): void {
  const refuse = (name: string, why: string) => {
    throw new ConfigError(`config error: ${name} ${why} (NODE_ENV=production refuses development defaults)`);
  };
  if (config.kakao.clientSecret === DEV_DEFAULTS.clientSecret)
    refuse('KAKAO_CLIENT_SECRET', 'is the dev default');
  if (config.kakao.clientId === DEV_DEFAULTS.clientId) refuse('KAKAO_CLIENT_ID', 'is the dev default');
  if (config.kakao.adminKey === DEV_DEFAULTS.adminKey) refuse('KAKAO_ADMIN_KEY', 'is the dev default');
  if (config.tokens.encryptionKey.equals(Buffer.from(DEV_DEFAULTS.encryptionKey, 'base64url')))
    refuse('TOKEN_ENCRYPTION_KEY', 'is the dev default');
  if (isLocal(config.kakao.authBaseUrl)) refuse('KAKAO_AUTH_BASE_URL', 'points at the local emulator');
  if (isLocal(config.kakao.apiBaseUrl)) refuse('KAKAO_API_BASE_URL', 'points at the local emulator');
}
