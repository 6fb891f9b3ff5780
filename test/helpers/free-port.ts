/**
 * A loopback port that was free a moment ago, for code that must be told its port before it listens (the
 * system-browser redirect URI is registered at Kakao with its port, so the listener cannot pick port 0).
 * The OS hands out ephemeral ports in rotation, so the port is very unlikely to be reused before the caller
 * binds it; a clash would show as `port-in-use`, never as a wrong result.
 */
import { createServer } from 'node:net';

export function freeLoopbackPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no TCP port'))));
    });
  });
}
