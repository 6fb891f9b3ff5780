/**
 * The value types of the backend's environment variables, as zod schemas over the raw strings: each one refuses
 * with the words that follow the variable's name in the error ("must be a whole number").
 */
import { isIP } from 'node:net';
import { z } from 'zod';

export const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const httpUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

export const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** 32-byte AES key as base64/base64url (43–44 chars) or hex (64 chars). */
export const encryptionKey = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const bytes = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64url');
    if (bytes.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as base64url or 64 hex characters' });
      return z.NEVER;
    }
    return bytes;
  });

/** A Redis URL with a host: redis:// or rediss:// (TLS). */
export const redisUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a redis:// or rediss:// URL');

/**
 * TRUST_PROXY: off, or the proxies' addresses / CIDRs (proxy-addr's `loopback`, `linklocal`, `uniquelocal` too).
 * `true` and hop counts are refused: neither can tell a proxy from a direct client, so any client could choose its
 * own address with X-Forwarded-For (Fastify 5 ignores hop counts for this reason).
 */
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_PRESETS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
export const trustProxy = z.string().transform((v, ctx): string[] | false => {
  const value = v.trim().toLowerCase();
  if (['false', 'no', 'off', '0', 'none'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        "must list the proxies' addresses or CIDRs, not true: trusting every hop lets any client choose its IP " +
        'with X-Forwarded-For and escape the rate limit',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        "must list the proxies' addresses or CIDRs, not a hop count: a hop count cannot tell a proxy from a " +
        'direct client, which could then choose its IP with X-Forwarded-For',
    });
    return z.NEVER;
  }
  const entries = value.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0 || !entries.every(isProxyAddress)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be false or a list of IP addresses / CIDRs (or loopback, linklocal, uniquelocal)',
    });
    return z.NEVER;
  }
  return entries;
});

export const csv = z.string().transform((v) =>
  v
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean),
);
