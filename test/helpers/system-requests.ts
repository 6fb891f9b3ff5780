/**
 * HTTP calls the cross-program tests make to a running test system (test/helpers/system.ts) besides the app's
 * own: the emulator's control API, and the backend's answer to a refresh token that should be dead.
 */
import { expect } from '@playwright/test';
import type { RunningSystem } from './system';

/**
 * A call to the emulator's control API (`/__emulator/<path>`) as its own clients make it: every change as JSON,
 * a body or not (no cross-site form can send that). A refused call fails the test.
 */
export async function emulatorControl(
  system: Pick<RunningSystem, 'emulatorUrl'>,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${system.emulatorUrl}/__emulator/${path}`, {
    method,
    ...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' } }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${method} /__emulator/${path}`).toBe(true);
  return (await response.json()) as Record<string, unknown>;
}

/** The backend refuses `refreshToken` because its session was revoked (not merely because it is unknown). */
export async function expectRefreshRevoked(
  system: Pick<RunningSystem, 'backendUrl'>,
  refreshToken: string | null,
): Promise<void> {
  const refused = await fetch(`${system.backendUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  expect(refused.status).toBe(401);
  expect(await refused.json()).toMatchObject({ code: 'invalid_grant', reason: 'revoked' });
}
