/** Memory figures: a program's (asked over IPC from bench/memory-probe.ts) and this process's own. */
import { readFileSync } from 'node:fs';
import { MEMORY_REQUEST } from '../memory-probe';
import type { Program } from './programs';

export interface Memory {
  rss: number;
  /** Peak RSS so far (Linux VmHWM). */
  peakRss: number | undefined;
  heapUsed: number;
}

function procStatusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function memoryOf(program: Program): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${program.name} did not report its memory`)), 10_000);
    const onMessage = (message: unknown) => {
      const usage = (message as { memory?: NodeJS.MemoryUsage }).memory;
      if (!usage) return;
      clearTimeout(timer);
      program.child.off('message', onMessage);
      const pid = program.child.pid!;
      resolve({ rss: usage.rss, peakRss: procStatusKb(pid, 'VmHWM'), heapUsed: usage.heapUsed });
    };
    program.child.on('message', onMessage);
    program.child.send(MEMORY_REQUEST);
  });
}

declare const gc: (() => void) | undefined;
export function ownMemory(): Memory {
  if (typeof gc === 'function') gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, peakRss: procStatusKb(process.pid, 'VmHWM'), heapUsed: usage.heapUsed };
}
