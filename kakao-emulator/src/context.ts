import type { FaultList } from './faults';
import type { KeyRing } from './keys';
import type { Store } from './store';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  /** ISO time on the emulator clock. */
  at: string;
}

export interface WebhookCall {
  url: string;
  body: Record<string, string>;
  /** HTTP status, or undefined when the call failed (see `error`). */
  status?: number;
  error?: string;
  at: string;
}

/** Everything the routes share. */
export interface EmulatorContext {
  store: Store;
  keys: KeyRing;
  faults: FaultList;
  requests: LoggedRequest[];
  webhooks: WebhookCall[];
  /** The emulator's own origin: issuer and endpoint base in discovery and id_tokens. */
  publicUrl: () => string;
}
