/**
 * Run in a child process with no usable Secret Service: tries the keytar vault and prints what it threw,
 * as one JSON line on stdout.
 */
import { createKeytarVault } from '../../main/vault/keytar-vault';

const vault = createKeytarVault({ service: 'kakao-desktop-test' });
try {
  await vault.set('probe', 'value');
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  const e = error as Error & { code?: string };
  console.log(
    JSON.stringify({
      ok: false,
      name: e.name,
      code: e.code,
      message: e.message,
      cause: (e.cause as Error)?.message,
    }),
  );
}
