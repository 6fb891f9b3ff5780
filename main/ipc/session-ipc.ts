/**
 * The handler logic behind the preload API, without Electron: checks the sender, calls the session, and
 * returns only what contract's IPC map allows (state + profile, never a token). main/electron/ipc.ts only
 * registers these with ipcMain.
 */
import {
  type InvokeChannel,
  type InvokeChannels,
  type IpcResult,
  type SessionProblem,
  type SessionState,
  userProfileSchema,
} from '@kakao-desktop/contract';
import { problemFromError } from '../auth/error-mapping';
import type { SignInResult } from '../session/session-manager';
import { type IpcSender, isTrustedSender, type RendererLocation } from './trusted-sender';

/** The slice of the session manager the IPC edge needs. */
export interface SessionPort {
  signIn(): Promise<SignInResult>;
  signOut(): Promise<SessionState>;
  getState(): SessionState;
}

/**
 * The state as the renderer may see it, rebuilt field by field from the contract's union (the profile through
 * its schema), so nothing else — no token, whatever a bug upstream attached — ever crosses IPC.
 */
export function toRendererState(state: SessionState): SessionState {
  const problem = (p: SessionProblem): SessionProblem => ({ code: p.code, message: p.message });
  switch (state.kind) {
    case 'starting':
      return { kind: 'starting' };
    case 'signed-out':
      return state.problem
        ? { kind: 'signed-out', problem: problem(state.problem), persistence: state.persistence }
        : { kind: 'signed-out', persistence: state.persistence };
    case 'signing-in':
      return { kind: 'signing-in', persistence: state.persistence };
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

function toRendererResult(result: IpcResult<SessionState>): IpcResult<SessionState> {
  return result.ok ? { ok: true, value: toRendererState(result.value) } : result;
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
  readonly code = 'untrusted_sender' as const;
  constructor() {
    super('IPC call refused: the sender is not our renderer');
  }
}

export type SessionIpcHandlers = {
  [C in InvokeChannel]: (sender: IpcSender, ...args: unknown[]) => Promise<ReturnType<InvokeChannels[C]>>;
};

export function createSessionIpcHandlers(
  session: SessionPort,
  renderer: RendererLocation,
): SessionIpcHandlers {
  const guard = (sender: IpcSender) => {
    if (!isTrustedSender(sender, renderer)) throw new UntrustedSenderError();
  };
  return {
    // The channels take no arguments; anything sent is ignored rather than trusted.
    'session:sign-in': async (sender) => {
      guard(sender);
      try {
        return toRendererResult(await session.signIn());
      } catch (error) {
        const problem = problemFromError(error);
        return { ok: false, code: problem.code, message: problem.message };
      }
    },
    'session:sign-out': async (sender) => {
      guard(sender);
      try {
        return { ok: true, value: toRendererState(await session.signOut()) };
      } catch (error) {
        const problem = problemFromError(error);
        return { ok: false, code: problem.code, message: problem.message };
      }
    },
    'session:get-state': async (sender) => {
      guard(sender);
      return toRendererState(session.getState());
    },
  };
}
