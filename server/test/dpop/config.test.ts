import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('DPoP settings', () => {
  it('default to optional proofs, no nonces, a 60 s proof window', () => {
    expect(loadConfig({}).dpop).toEqual({
      requiredForSignIn: false,
      nonceRequired: false,
      nonceWindowSeconds: 300,
      proofMaxAgeSeconds: 60,
    });
  });

  it('are read from the environment', () => {
    const config = loadConfig({
      DPOP_REQUIRED_FOR_SIGN_IN: 'true',
      DPOP_NONCE_REQUIRED: 'yes',
      DPOP_NONCE_WINDOW_SECONDS: '120',
      DPOP_PROOF_MAX_AGE_SECONDS: '30',
    });
    expect(config.dpop).toEqual({
      requiredForSignIn: true,
      nonceRequired: true,
      nonceWindowSeconds: 120,
      proofMaxAgeSeconds: 30,
    });
  });

  it('refuse bad values, naming the variable', () => {
    expect(() => loadConfig({ DPOP_NONCE_REQUIRED: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig({ DPOP_PROOF_MAX_AGE_SECONDS: '601' })).toThrow(
      /DPOP_PROOF_MAX_AGE_SECONDS must be at most 600/,
    );
    expect(() => loadConfig({ DPOP_NONCE_WINDOW_SECONDS: '5' })).toThrow(/DPOP_NONCE_WINDOW_SECONDS/);
  });
});
