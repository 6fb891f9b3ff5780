// Typechecks every TypeScript project in the repo (root app halves + each workspace).
import { spawnSync } from 'node:child_process';

const projects = ['tsconfig.node.json', 'tsconfig.web.json', 'contract', 'server', 'kakao-emulator'];
let failed = 0;
for (const project of projects) {
  const result = spawnSync('npx', ['tsc', '--noEmit', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`typecheck failed: ${project}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
