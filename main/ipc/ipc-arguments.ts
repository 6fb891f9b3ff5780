/**
 * Arguments from the renderer arrive as `unknown[]` and are narrowed here, before anything reaches the
 * session. A shape we do not accept becomes a typed `invalid_argument` failure, never a throw.
 */
import {
  APP_LANGUAGES,
  type AppLanguage,
  CONSENT_ITEMS,
  type ConsentItem,
  type IpcFailure,
  ipcFailure,
  SIGN_IN_PROMPTS,
  type SignInOptions,
  sessionIdParamsSchema,
} from '@kakao-desktop/contract';
import { z } from 'zod';
import { problemFor } from '../session/problems';

/** `signIn()` sends no argument or `undefined`; `signIn({ prompt })` one strict object. Nothing after it. */
const signInArgsSchema = z.union([
  z.tuple([]),
  z.tuple([z.undefined()]),
  z.tuple([z.strictObject({ prompt: z.enum(SIGN_IN_PROMPTS).optional() })]),
]);

const staySignedInArgsSchema = z.tuple([z.boolean()]);
const languageArgsSchema = z.tuple([z.enum(APP_LANGUAGES)]);
/** The backend's session ids are UUIDs: anything else never reaches a URL path. */
const sessionIdArgsSchema = z.tuple([sessionIdParamsSchema.shape.id]);
const consentArgsSchema = z.tuple([z.enum(CONSENT_ITEMS)]);

export type ParsedArgs<T> = { ok: true; value: T } | IpcFailure;

const invalid = (): IpcFailure => ipcFailure(problemFor('invalid_argument'));

export function parseSignInArgs(args: readonly unknown[]): ParsedArgs<SignInOptions> {
  const parsed = signInArgsSchema.safeParse(args);
  if (!parsed.success) return invalid();
  const [options] = parsed.data;
  return { ok: true, value: options?.prompt ? { prompt: options.prompt } : {} };
}

export function parseStaySignedInArgs(args: readonly unknown[]): ParsedArgs<boolean> {
  const parsed = staySignedInArgsSchema.safeParse(args);
  return parsed.success ? { ok: true, value: parsed.data[0] } : invalid();
}

export function parseLanguageArgs(args: readonly unknown[]): ParsedArgs<AppLanguage> {
  const parsed = languageArgsSchema.safeParse(args);
  return parsed.success ? { ok: true, value: parsed.data[0] } : invalid();
}

export function parseSessionIdArgs(args: readonly unknown[]): ParsedArgs<string> {
  const parsed = sessionIdArgsSchema.safeParse(args);
  return parsed.success ? { ok: true, value: parsed.data[0] } : invalid();
}

export function parseConsentArgs(args: readonly unknown[]): ParsedArgs<ConsentItem> {
  const parsed = consentArgsSchema.safeParse(args);
  return parsed.success ? { ok: true, value: parsed.data[0] } : invalid();
}
