/**
 * Preloaded (`--import`) into the programs bench/soak.ts starts: answers the parent's 'memory' message over IPC with
 * process.memoryUsage(), taken after a full garbage collection when the program runs with --expose-gc (so the heap
 * figure is what is really retained, not garbage waiting for the next collection).
 */
export const MEMORY_REQUEST = 'kd-soak:memory';

declare const gc: (() => void) | undefined;

if (process.send) {
  process.on('message', (message) => {
    if (message !== MEMORY_REQUEST) return;
    if (typeof gc === 'function') gc();
    process.send?.({ memory: process.memoryUsage() });
  });
  // Answering must not keep a program alive that would otherwise exit.
  process.channel?.unref();
}
