/** Builds the emulator (store, keys, faults, routes) and starts it on a port: what tests and the entry (server.ts) call. */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { DEFAULT_PORT, resolveConfig } from './config';
import type { EmulatorContext } from './context';
import { FaultList } from './faults';
import { KeyRing } from './keys';
import { type Clock, Store } from './store';
import type { EmulatorOptions } from './types';

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: both the kauth and the kapi base URL. */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_HOST = '127.0.0.1';

type BuildOptions = Omit<EmulatorOptions, 'port' | 'host'> & { clock?: Clock };

async function createContext(options: BuildOptions, publicUrl: () => string): Promise<EmulatorContext> {
  return {
    store: new Store(resolveConfig(options), options.clock),
    keys: await KeyRing.create(),
    faults: new FaultList(),
    requests: [],
    webhooks: [],
    publicUrl,
  };
}

/**
 * The emulator as a Fastify instance that does not listen: for `app.inject()` tests.
 * `publicUrl` is the issuer and endpoint base it advertises (default `http://127.0.0.1`).
 */
export async function buildEmulatorApp(
  options: BuildOptions & { publicUrl?: string } = {},
): Promise<FastifyInstance> {
  const url = options.publicUrl ?? `http://${DEFAULT_HOST}`;
  const ctx = await createContext(options, () => url);
  return buildApp(ctx, options.onRequest ? { log: options.onRequest } : {});
}

/** Starts the emulator on a real port (0 = random). */
export async function startEmulator(
  options: EmulatorOptions & { clock?: Clock } = {},
): Promise<RunningEmulator> {
  let url = '';
  const ctx = await createContext(options, () => url);
  const app = await buildApp(ctx, options.onRequest ? { log: options.onRequest } : {});
  const host = options.host ?? DEFAULT_HOST;
  try {
    await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    close: async () => {
      await app.close();
    },
  };
}
