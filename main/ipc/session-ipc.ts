/**
 * The session channels behind the preload API, without Electron: narrow the arguments, call the session, and
 * returns only what contract's IPC map allows (state + profile, never a token). main/electron/ipc.ts only
 * registers these with ipcMain.
 */
import {
  type IpcResult,
  ipcFailure,
  type SessionProblem,
  type SessionState,
  type SignInOptions,
  userProfileSchema,
} from '@kakao-desktop/contract';
import { problemFromError } from '../session/problems';
import type { SignInResult } from '../session/session-manager';
import { parseSignInArgs } from './ipc-arguments';
import type { ChannelHandlers } from './ipc-handlers';

/** The slice of the session manager the IPC edge needs. */
export interface SessionPort {
  signIn(options: SignInOptions): Promise<SignInResult>;
  signOut(): Promise<SessionState>;
  getState(): SessionState;
}

/**
 * The state as the renderer may see it, rebuilt field by field from the contract's union (the profile through
 * its schema), so nothing else — no token, whatever a bug upstream attached — ever crosses IPC.
 */
export function toRendererState(state: SessionState): SessionState {
  const problem = (p: SessionProblem): SessionProblem =>
    p.detail === undefined ? { code: p.code } : { code: p.code, detail: p.detail };
  switch (state.kind) {
    case 'starting':
      return { kind: 'starting' };
    case 'signed-out':
      return state.problem
        ? { kind: 'signed-out', problem: problem(state.problem), persistence: state.persistence }
        : { kind: 'signed-out', persistence: state.persistence };
    case 'signing-in':
      return state.via
        ? { kind: 'signing-in', persistence: state.persistence, via: state.via }
        : { kind: 'signing-in', persistence: state.persistence };
    case 'signed-in':
    case 'refreshing':
      return {
        kind: state.kind,
        profile: userProfileSchema.parse(state.profile),
        persistence: state.persistence,
      };
    case 'offline':
      return {
        kind: 'offline',
        profile: state.profile === null ? null : userProfileSchema.parse(state.profile),
        retryAt: state.retryAt,
        problem: problem(state.problem),
        persistence: state.persistence,
      };
  }
}

export function toRendererResult(result: IpcResult<SessionState>): IpcResult<SessionState> {
  return result.ok ? { ok: true, value: toRendererState(result.value) } : ipcFailure(result);
}

export type SessionChannel = 'session:sign-in' | 'session:sign-out' | 'session:get-state';

export function createSessionIpcHandlers(session: SessionPort): ChannelHandlers<SessionChannel> {
  return {
    'session:sign-in': async (...args) => {
      const options = parseSignInArgs(args);
      if (!options.ok) return options;
      try {
        return toRendererResult(await session.signIn(options.value));
      } catch (error) {
        return ipcFailure(problemFromError(error));
      }
    },
    // sign-out and get-state take no arguments: anything sent is ignored rather than trusted.
    'session:sign-out': async () => {
      try {
        return { ok: true, value: toRendererState(await session.signOut()) };
      } catch (error) {
        return ipcFailure(problemFromError(error));
      }
    },
    'session:get-state': async () => {
      return toRendererState(session.getState());
    },
  };
}
