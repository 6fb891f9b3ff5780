/**
 * The emulator imports nothing of ours, so it keeps its own copy of the dev app; the desktop, the backend and
 * `npm start` take theirs from contract/src/dev-defaults*. This holds the two together: a change to one side
 * that the other does not follow fails here, not at a sign-in.
 */
import {
  DEV_EMULATOR_SCOPES,
  DEV_KAKAO_APP,
  DEV_KAKAO_BASE_URL,
  DEV_PORTS,
  DEV_REDIRECT_URIS,
  DEV_SCOPES,
} from '@kakao-desktop/contract/dev-defaults';
import { DEV_ONLY_SECRETS } from '@kakao-desktop/contract/dev-defaults-secrets';
import { DEFAULT_APPS, DEFAULT_PORT } from 'kakao-emulator';
import { describe, expect, it } from 'vitest';

const emulatorApp = DEFAULT_APPS.find((app) => app.clientId === DEV_KAKAO_APP.clientId);

describe('the emulator default app is the dev defaults', () => {
  it('has the dev client id, secret, app id, admin key and both redirect URIs', () => {
    expect(emulatorApp).toBeDefined();
    expect({
      clientId: emulatorApp?.clientId,
      clientSecret: emulatorApp?.clientSecret,
      appId: emulatorApp?.appId,
      adminKey: emulatorApp?.adminKey,
      redirectUris: emulatorApp?.redirectUris,
    }).toEqual({
      clientId: DEV_KAKAO_APP.clientId,
      clientSecret: DEV_ONLY_SECRETS.clientSecret,
      appId: DEV_KAKAO_APP.appId,
      adminKey: DEV_ONLY_SECRETS.adminKey,
      redirectUris: [...DEV_REDIRECT_URIS],
    });
  });

  it('allows every consent item the desktop asks the emulator for', () => {
    expect(emulatorApp?.allowedScopes).toEqual(expect.arrayContaining([...DEV_EMULATOR_SCOPES]));
  });

  it('listens on the dev emulator port', () => {
    expect(DEFAULT_PORT).toBe(DEV_PORTS.emulator);
    expect(DEV_KAKAO_BASE_URL).toBe(`http://127.0.0.1:${DEFAULT_PORT}`);
  });
});

describe('dev defaults', () => {
  it('ask for no account_email by default (KOE205 on apps without business verification)', () => {
    expect(DEV_SCOPES).not.toContain('account_email');
    expect(DEV_EMULATOR_SCOPES).toEqual([...DEV_SCOPES, 'account_email']);
  });
});
