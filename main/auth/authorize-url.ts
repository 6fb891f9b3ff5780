import type { SignInPrompt } from '@kakao-desktop/contract';
import type { AuthConfig } from './auth-config';
import type { AuthRequestSecrets } from './secrets';

/** The Kakao authorize URL for one attempt. Scopes are comma-separated, as Kakao documents. */
export function buildAuthorizeUrl(
  config: Pick<AuthConfig, 'clientId' | 'authBaseUrl' | 'redirectUri' | 'scopes'>,
  secrets: Pick<AuthRequestSecrets, 'state' | 'nonce' | 'codeChallenge'>,
  options: { prompt?: SignInPrompt } = {},
): string {
  const url = new URL(`${config.authBaseUrl.replace(/\/+$/, '')}/oauth/authorize`);
  const params = url.searchParams;
  params.set('client_id', config.clientId);
  params.set('redirect_uri', config.redirectUri);
  params.set('response_type', 'code');
  if (config.scopes.length > 0) params.set('scope', config.scopes.join(','));
  if (options.prompt) params.set('prompt', options.prompt);
  params.set('state', secrets.state);
  params.set('nonce', secrets.nonce);
  params.set('code_challenge', secrets.codeChallenge);
  params.set('code_challenge_method', 'S256');
  return url.toString();
}
