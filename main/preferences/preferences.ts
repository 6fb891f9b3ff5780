/**
 * Non-secret preferences kept on disk (electron-store in the app, memory in tests). The schema is strict:
 * anything not listed here — a token field above all — is refused, and the cached profile is re-parsed so
 * unknown keys are stripped. Secrets go to the vault, never here.
 */
import { userProfileSchema } from '@kakao-desktop/contract';
import { z } from 'zod';

export const windowBoundsSchema = z.strictObject({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const preferencesSchema = z.strictObject({
  /** The last signed-in profile, shown while offline. Cleared on sign-out. */
  lastProfile: userProfileSchema.nullable(),
  windowBounds: windowBoundsSchema.nullable(),
  /** null = follow the OS. */
  language: z.enum(['ko', 'en']).nullable(),
  /** Keep the Kakao web session (cookies in the sign-in window) between sign-ins, for quick account switching. */
  staySignedInToKakao: z.boolean(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = {
  lastProfile: null,
  windowBounds: null,
  language: null,
  staySignedInToKakao: false,
};

export interface PreferencesStore {
  get(): Preferences;
  /** Merge and validate; throws a ZodError (and stores nothing) when the result is not valid preferences. */
  update(patch: Partial<Preferences>): Preferences;
}

/** Validate a merged patch: the single gate every write passes through. */
export function mergePreferences(current: Preferences, patch: Partial<Preferences>): Preferences {
  return preferencesSchema.parse({ ...current, ...patch });
}

/** Whatever is on disk → valid preferences. A damaged or hand-edited file falls back to defaults field by field. */
export function readPreferences(raw: unknown): Preferences {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(DEFAULT_PREFERENCES) as (keyof Preferences)[]) {
    const field = preferencesSchema.shape[key].safeParse(source[key]);
    result[key] = field.success ? field.data : DEFAULT_PREFERENCES[key];
  }
  return result as Preferences;
}

/**
 * The port over a JSON store that holds the whole preferences object (electron-store in the app, `conf` in the
 * browser shell): read once and validated field by field, every write merged and validated before it is saved.
 */
export function preferencesOnStore(backing: { store: Preferences }): PreferencesStore {
  let current = readPreferences(backing.store);
  return {
    get: () => current,
    update(patch) {
      const next = mergePreferences(current, patch);
      backing.store = next;
      current = next;
      return next;
    },
  };
}
