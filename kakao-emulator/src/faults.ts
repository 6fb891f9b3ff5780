import { z } from 'zod';

export const faultSchema = z
  .strictObject({
    /** A path such as `/oauth/token`, or `*` for every non-control path. */
    endpoint: z.string().regex(/^(\*|\/\S*)$/, 'a path starting with "/" or "*"'),
    kind: z.enum(['kakao_error', 'http_status', 'latency', 'hang']),
    /** kapi code (-401, "-401") or KOE code ("KOE320"). */
    code: z.union([z.number().int(), z.string().regex(/^(-\d+|KOE\d{3})$/)]).optional(),
    status: z.number().int().min(100).max(599).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Applies to the next N matching requests only (default: unlimited). */
    times: z.number().int().positive().optional(),
    /** `required_scopes` of a -402 answer. */
    requiredScopes: z.array(z.string()).optional(),
  })
  .superRefine((fault, ctx) => {
    const need = { kakao_error: 'code', http_status: 'status', latency: 'delayMs', hang: undefined }[
      fault.kind
    ];
    if (need && fault[need as keyof typeof fault] === undefined) {
      ctx.addIssue({ code: 'custom', path: [need], message: `required for kind ${fault.kind}` });
    }
  });

export type Fault = z.infer<typeof faultSchema>;

/** Injected faults, matched in insertion order; `times` counts down per matching request. */
export class FaultList {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The fault for this path, consuming one of its `times`. */
  take(path: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.endpoint === '*' || fault.endpoint === path);
    const fault = this.faults[index];
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }
}
