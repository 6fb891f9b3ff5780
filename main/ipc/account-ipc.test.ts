/** The account channels at the IPC edge: sender check, argument check, and results rebuilt field by field. */
import type { DeviceSession, IpcResult, SessionState } from '@kakao-desktop/contract';
import { describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { createAccountIpcHandlers } from './account-ipc';
import { UntrustedSenderError } from './trusted-sender';

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const trusted = { frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: true };
const foreign = { frameUrl: 'https://evil.com/', isMainFrame: true };
const sessionId = '0f8e6c7a-3b1d-4c2e-9a5f-1234567890ab';
const device: DeviceSession = {
  id: sessionId,
  deviceName: 'Mac',
  signedInAt: '2026-11-30T12:00:00.000Z',
  lastUsedAt: '2026-11-30T12:05:00.000Z',
  current: true,
};
const signedOut: SessionState = { kind: 'signed-out', persistence: 'keychain' };

function fakeAccount() {
  const consented: IpcResult<SessionState> = {
    ok: true,
    value: { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' },
  };
  return {
    listDevices: vi.fn(async () => ({ ok: true as const, value: [device] })),
    signOutDevice: vi.fn(async () => ({ ok: true as const, value: [device] })),
    deleteAccount: vi.fn(async () => ({ ok: true as const, value: signedOut })),
    requestConsent: vi.fn(async (): Promise<IpcResult<SessionState>> => consented),
  };
}

const channels = [
  ['account:list-devices', []],
  ['account:sign-out-device', [sessionId]],
  ['account:delete', []],
  ['account:request-consent', ['email']],
] as const;

describe('account IPC handlers', () => {
  it.each(channels)('serves %s to our renderer', async (channel, args) => {
    const account = fakeAccount();
    const handlers = createAccountIpcHandlers(account, renderer);
    expect(await handlers[channel](trusted, ...args)).toMatchObject({ ok: true });
  });

  it.each(channels)(
    'refuses %s from another origin or a subframe, touching nothing',
    async (channel, args) => {
      const account = fakeAccount();
      const handlers = createAccountIpcHandlers(account, renderer);
      await expect(handlers[channel](foreign, ...args)).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(handlers[channel]({ ...trusted, isMainFrame: false }, ...args)).rejects.toBeInstanceOf(
        UntrustedSenderError,
      );
      for (const method of Object.values(account)) expect(method).not.toHaveBeenCalled();
    },
  );

  it('passes a valid session id and consent item through, and refuses bad ones before the account sees them', async () => {
    const account = fakeAccount();
    const handlers = createAccountIpcHandlers(account, renderer);
    await handlers['account:sign-out-device'](trusted, sessionId);
    await handlers['account:request-consent'](trusted, 'email');
    expect(account.signOutDevice).toHaveBeenCalledExactlyOnceWith(sessionId);
    expect(account.requestConsent).toHaveBeenCalledExactlyOnceWith('email');

    expect(await handlers['account:sign-out-device'](trusted, '../me')).toMatchObject({
      ok: false,
      code: 'invalid_argument',
    });
    expect(await handlers['account:request-consent'](trusted, 'account_email')).toMatchObject({
      ok: false,
      code: 'invalid_argument',
    });
    expect(account.signOutDevice).toHaveBeenCalledTimes(1);
    expect(account.requestConsent).toHaveBeenCalledTimes(1);
  });

  it('rebuilds devices and states field by field: nothing extra crosses', async () => {
    const account = fakeAccount();
    const leaky = { ...device, refreshToken: 'rt-secret', accessToken: 'at-secret' };
    account.listDevices.mockResolvedValueOnce({ ok: true, value: [leaky] });
    const leakyState = { ...signedOut, accessToken: 'at-secret' } as SessionState;
    account.deleteAccount.mockResolvedValueOnce({ ok: true, value: leakyState });
    const failure = { ok: false as const, code: 'network' as const, message: 'offline', token: 'at-secret' };
    account.requestConsent.mockResolvedValueOnce(failure);
    const handlers = createAccountIpcHandlers(account, renderer);

    const devices = await handlers['account:list-devices'](trusted);
    const deleted = await handlers['account:delete'](trusted);
    const consent = await handlers['account:request-consent'](trusted, 'email');

    expect(devices).toEqual({ ok: true, value: [device] });
    expect(deleted).toEqual({ ok: true, value: signedOut });
    expect(consent).toEqual({ ok: false, code: 'network', message: 'offline' });
    expect(JSON.stringify([devices, deleted, consent])).not.toMatch(/secret/);
  });

  it('a throw inside the account features is a typed failure, never a stack trace', async () => {
    const account = fakeAccount();
    account.deleteAccount.mockRejectedValueOnce(new TypeError('x is undefined at account.ts:12'));
    const handlers = createAccountIpcHandlers(account, renderer);
    const result = await handlers['account:delete'](trusted);
    expect(result).toEqual({ ok: false, code: 'internal', message: expect.any(String) });
    expect(JSON.stringify(result)).not.toContain('account.ts');
  });
});
