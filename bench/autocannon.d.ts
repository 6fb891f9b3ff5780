// Minimal types for the part of autocannon the benches use (the package ships none; @types/autocannon would be a
// root devDependency for two call sites).
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request;
    }
    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      duration?: number;
      amount?: number;
      requests?: Request[];
    }
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
    }
  }
  /** The run: a promise of its result that also emits 'response' (client, status, bytes, ms) per response. */
  interface Instance extends Promise<autocannon.Result> {
    on(event: 'response', listener: () => void): Instance;
  }
  function autocannon(options: autocannon.Options): Instance;
  export default autocannon;
}
