import type { SignInOutcome } from './sign-in-attempt';

/** What the session manager asks of a sign-in window: show `authorizeUrl`, report how it ended. */
export interface AuthWindowRequest {
  authorizeUrl: string;
  /** Intercepted, never loaded. */
  redirectUri: string;
  /** The `state` inside `authorizeUrl`; a redirect with any other state is a mismatch. */
  expectedState: string;
  /** Exact origins the window may navigate to (besides the redirect URI). */
  allowedOrigins: readonly string[];
  /** Keep the Kakao web session after this attempt ("stay signed in to Kakao"); otherwise clear it. */
  keepKakaoSession: boolean;
  /** Aborted when the app gives up on the attempt (sign-out, quit): the window closes, outcome `cancelled`. */
  signal: AbortSignal;
}

/**
 * Opens a sign-in window and resolves with its single outcome; never rejects for user-level failures
 * (cancel, timeout, Kakao errors are outcomes). Implemented by main/electron/auth-window.ts and by
 * test/helpers/playwright-auth-window.ts, both on the shared `SignInAttempt` controller.
 */
export type AuthWindowOpener = (request: AuthWindowRequest) => Promise<SignInOutcome>;
