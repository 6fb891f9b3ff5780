/** The emulator as a program (`npm run emulator`): environment → options, start, print the URL, stop on signals. */
import { ConfigError, DEFAULT_LIFETIMES, loadConfigFile, readEmulatorEnv, resolveConfig } from './config';
import { startEmulator } from './emulator';
import type { EmulatorOptions } from './types';

// Entry point only: read env, start, print, stop on signals.
async function main(): Promise<void> {
  const env = readEmulatorEnv(process.env);
  const configPath = env.configPath;
  const fileOptions = configPath ? loadConfigFile(configPath) : {};
  const options: EmulatorOptions = {
    ...fileOptions,
    port: env.port,
    host: env.host,
    onRequest: env.quiet ? undefined : (line) => console.log(line),
  };
  const emulator = await startEmulator(options);
  const config = resolveConfig(fileOptions);

  console.log(
    `Kakao emulator listening on ${emulator.url} (kauth + kapi)${configPath ? ` — config ${configPath}` : ''}`,
  );
  for (const app of config.apps) {
    console.log(
      `  app ${app.clientId}: appId ${app.appId}, secret ${app.clientSecret ? 'ON' : 'OFF'}, redirect ${app.redirectUris.join(', ')}`,
    );
  }
  for (const account of config.accounts) {
    console.log(
      `  account ${account.id} ${account.nickname} <${account.email ?? 'no email'}> password "${account.password ?? 'password'}"`,
    );
  }
  const l = { ...DEFAULT_LIFETIMES, ...config.lifetimes };
  console.log(
    `  lifetimes: code ${l.code}s, access ${l.accessToken}s, refresh ${l.refreshToken}s, session ${l.session}s`,
  );
  console.log(
    `  control API: ${emulator.url}/__emulator/ · discovery: ${emulator.url}/.well-known/openid-configuration`,
  );

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `port already in use (set KAKAO_EMULATOR_PORT)`
        : error instanceof Error
          ? error.message
          : String(error);
  console.error(`kakao-emulator: ${message}`);
  process.exit(1);
});
