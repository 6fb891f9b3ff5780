/**
 * Coalesces concurrent calls into batches ("smart batching"): a call goes out at once while fewer than
 * `maxInFlight` batches are running; calls that arrive meanwhile wait and leave together as the next batch when a
 * slot frees up. So an idle server adds no delay, and a busy one pays one round trip, one statement and one commit
 * per batch instead of per call. A batch of one runs `runOne`; a failed batch is retried item by item with `runOne`,
 * so one bad item (or a lost deadlock) never fails its neighbours.
 */
export interface BatcherOptions<I, O> {
  /** Results in input order. */
  runBatch(inputs: I[]): Promise<O[]>;
  runOne(input: I): Promise<O>;
  maxBatch: number;
  maxInFlight: number;
}

interface Pending<I, O> {
  input: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function createBatcher<I, O>(options: BatcherOptions<I, O>): (input: I) => Promise<O> {
  const { runBatch, runOne, maxBatch, maxInFlight } = options;
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  function settleOne(p: Pending<I, O>): Promise<void> {
    return runOne(p.input).then(p.resolve, p.reject);
  }

  async function run(batch: Pending<I, O>[]): Promise<void> {
    if (batch.length === 1) return settleOne(batch[0]!);
    let results: O[];
    try {
      results = await runBatch(batch.map((p) => p.input));
    } catch {
      await Promise.all(batch.map(settleOne));
      return;
    }
    for (const [i, p] of batch.entries()) p.resolve(results[i]!);
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      inFlight++;
      run(queue.splice(0, maxBatch)).finally(() => {
        inFlight--;
        flush();
      });
    }
  }

  return (input) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      // Let the calls of this event-loop turn join in before a free slot sends them.
      if (!scheduled && inFlight < maxInFlight) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
