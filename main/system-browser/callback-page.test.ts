import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CALLBACK_SECURITY_HEADERS, type CallbackPageKind, callbackPageHtml } from './callback-page';

const KINDS: CallbackPageKind[] = ['returned', 'cancelled', 'failed', 'not-expected'];

describe('callbackPageHtml', () => {
  it.each(KINDS)('%s: Korean and English, no script, no link, no external resource', (kind) => {
    const html = callbackPageHtml(kind);
    expect(html).toMatch(/<section lang="ko"><h1>[^<]*[가-힣][^<]*<\/h1>/);
    expect(html).toMatch(/<section lang="en"><h1>[A-Z][^<]*<\/h1>/);
    expect(html).not.toMatch(/<script|<a\s|<img|<link|<iframe|<form|src=|href=|url\(/i);
    expect(html).not.toMatch(/https?:/);
  });

  it('says something different for each outcome', () => {
    expect(new Set(KINDS.map(callbackPageHtml)).size).toBe(KINDS.length);
  });

  it('allows exactly its own inline style through the CSP hash', () => {
    const html = callbackPageHtml('returned');
    const style = /<style>(.*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    const csp = CALLBACK_SECURITY_HEADERS['Content-Security-Policy'];
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(CALLBACK_SECURITY_HEADERS['Cache-Control']).toBe('no-store');
    expect(CALLBACK_SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});
