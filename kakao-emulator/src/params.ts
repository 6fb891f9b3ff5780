/** A single string parameter from a parsed query or body (first value of a repeated one). */
export function param(source: unknown, name: string): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const value = (source as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Every string value of a possibly repeated parameter. */
export function params(source: unknown, name: string): string[] {
  if (!source || typeof source !== 'object') return [];
  const value = (source as Record<string, unknown>)[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** Kakao lists arrive comma- or space-separated (docs vs Flutter SDK), possibly empty. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

/** `base?a=1&b=2`, with %20 (not +) for spaces, appended to any query the base already has. */
export function withQuery(base: string, query: Record<string, string | undefined>): string {
  const pairs = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  if (pairs.length === 0) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${pairs.join('&')}`;
}
