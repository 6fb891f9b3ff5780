/** The account channels at the IPC edge: sender check, argument check, and results rebuilt field by field. */
import type { DeviceSession, IpcResult, SessionState } from '@kakao-desktop/contract';
import { describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { createAccountIpcHandlers } from './account-ipc';

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
    const handlers = createAccountIpcHandlers(account);
    expect(await handlers[channel](...args)).toMatchObject({ ok: true });
  });

  it('passes a valid session id and consent item through, and refuses bad ones before the account sees them', async () => {
    const account = fakeAccount();
    const handlers = createAccountIpcHandlers(account);
    await handlers['account:sign-out-device'](sessionId);
    await handlers['account:request-consent']('email');
    expect(account.signOutDevice).toHaveBeenCalledExactlyOnceWith(sessionId);
    expect(account.requestConsent).toHaveBeenCalledExactlyOnceWith('email');

    expect(await handlers['account:sign-out-device']('../me')).toMatchObject({
      ok: false,
      code: 'invalid_argument',
    });
    expect(await handlers['account:request-consent']('account_email')).toMatchObject({
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
    const failure = {
      ok: false as const,
      code: 'network' as const,
      detail: 'kakao-unreachable' as const,
      message: 'offline',
      token: 'at-secret',
    };
    account.requestConsent.mockResolvedValueOnce(failure);
    const handlers = createAccountIpcHandlers(account);

    const devices = await handlers['account:list-devices']();
    const deleted = await handlers['account:delete']();
    const consent = await handlers['account:request-consent']('email');

    expect(devices).toEqual({ ok: true, value: [device] });
    expect(deleted).toEqual({ ok: true, value: signedOut });
    expect(consent).toEqual({ ok: false, code: 'network', detail: 'kakao-unreachable' });
    expect(JSON.stringify([devices, deleted, consent])).not.toMatch(/secret/);
  });

  it('a throw inside the account features is a typed failure, never a stack trace', async () => {
    const account = fakeAccount();
    account.deleteAccount.mockRejectedValueOnce(new TypeError('x is undefined at account.ts:12'));
    const handlers = createAccountIpcHandlers(account);
    const result = await handlers['account:delete']();
    expect(result).toEqual({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('account.ts');
  });
});
