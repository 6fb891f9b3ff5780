/**
 * The account panel's backend calls: the signed-in devices, signing another device out, deleting the account.
 * Each call goes through the session's access token (refreshed single-flight); nothing here ever holds a
 * refresh token, and what it returns is rebuilt from the contract's types.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (unlink, which account deletion calls)
 */
import {
  type DeviceSession,
  type IpcFailure,
  type IpcResult,
  ipcFailure,
  type SessionList,
  type SessionState,
} from '@kakao-desktop/contract';
import type { BackendClient } from '../backend/backend-client';
import { BackendError } from '../backend/backend-error';
import type { AccountSessionPort } from './account-port';
import { problemFor, problemFromError } from './problems';
import { errorSummary, type SessionLog } from './session-log';
import { singleFlight } from './single-flight';

/** The session's slice an access-token call uses. */
export type AccessTokenSource = Pick<AccountSessionPort, 'getAccessToken' | 'expireAccessToken'>;

export interface AccountActionsDeps {
  session: AccessTokenSource & Pick<AccountSessionPort, 'endDeletedAccount'>;
  backend: Pick<BackendClient, 'sessions' | 'deleteSession' | 'deleteMe'>;
  log?: SessionLog;
}

/**
 * Call the backend with the session's access token. When the backend refuses the token (401: expired early,
 * or this device's session was ended elsewhere), refresh once and retry; a refused refresh signs out.
 */
export async function withAccessToken<T>(
  session: AccessTokenSource,
  call: (accessToken: string) => Promise<T>,
): Promise<T> {
  const accessToken = await session.getAccessToken();
  try {
    return await call(accessToken);
  } catch (error) {
    if (!(error instanceof BackendError && error.status === 401 && error.kind === 'rejected')) throw error;
    session.expireAccessToken(accessToken);
    return call(await session.getAccessToken());
  }
}

/** The backend's list → the panel's devices, field by field: this device first, then the most recently used. */
export function toDeviceSessions(list: SessionList): DeviceSession[] {
  return list.sessions
    .map((s) => ({
      id: s.id,
      deviceName: s.device_name,
      signedInAt: s.created_at,
      lastUsedAt: s.last_used_at,
      current: s.current,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt));
}

/** A failed account call → a typed failure; the renderer says the action did not happen, and why. */
export function accountFailure(error: unknown): IpcFailure {
  return ipcFailure(problemFromError(error));
}

/** Which call failed, for the log. */
type Action = 'devices' | 'sign-out-device' | 'delete';

export class AccountActions {
  private readonly deleting = singleFlight<IpcResult<SessionState>>();

  constructor(private readonly deps: AccountActionsDeps) {}

  async listDevices(): Promise<IpcResult<DeviceSession[]>> {
    try {
      return { ok: true, value: await this.fetchDevices() };
    } catch (error) {
      return this.failed('devices', error);
    }
  }

  /** End another device's session, then answer with the list as the backend now has it. */
  async signOutDevice(sessionId: string): Promise<IpcResult<DeviceSession[]>> {
    try {
      const target = (await this.fetchDevices()).find((device) => device.id === sessionId);
      // This device signs out through "Sign out" (local first, Kakao session forgotten), never from here.
      if (target?.current) {
        return ipcFailure(problemFor('invalid_argument', 'current-device'));
      }
      if (target) {
        await withAccessToken(this.deps.session, (token) =>
          this.deps.backend.deleteSession(token, sessionId).catch((error: unknown) => {
            // Ended meanwhile (by that device itself, or another panel): what the user wanted.
            if (!(error instanceof BackendError && error.code === 'not_found')) throw error;
          }),
        );
      }
      return { ok: true, value: await this.fetchDevices() };
    } catch (error) {
      return this.failed('sign-out-device', error);
    }
  }

  /**
   * DELETE /me (the backend unlinks the app at Kakao first, and deletes nothing when Kakao cannot be reached);
   * only on success is this device's session forgotten. One deletion at a time: a second call joins it.
   */
  deleteAccount(): Promise<IpcResult<SessionState>> {
    return this.deleting.run(() => this.runDelete());
  }

  private async runDelete(): Promise<IpcResult<SessionState>> {
    try {
      await withAccessToken(this.deps.session, (token) => this.deps.backend.deleteMe(token));
    } catch (error) {
      return this.failed('delete', error);
    }
    this.deps.log?.('account deleted: forgetting the session');
    return { ok: true, value: await this.deps.session.endDeletedAccount() };
  }

  private async fetchDevices(): Promise<DeviceSession[]> {
    return toDeviceSessions(
      await withAccessToken(this.deps.session, (token) => this.deps.backend.sessions(token)),
    );
  }

  private failed(action: Action, error: unknown): IpcFailure {
    this.deps.log?.(`account ${action} failed`, errorSummary(error));
    return accountFailure(error);
  }
}
