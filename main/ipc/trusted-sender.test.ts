import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl, isTrustedSender } from './trusted-sender';

const packaged = { indexHtmlPath: '/opt/app/resources/app.asar/out/renderer/index.html' };
const dev = { devServerUrl: 'http://localhost:5173/', indexHtmlPath: packaged.indexHtmlPath };
const shell = { browserShellOrigin: 'http://127.0.0.1:9030', indexHtmlPath: packaged.indexHtmlPath };

describe('trusted IPC sender', () => {
  it.each([
    ['file:///opt/app/resources/app.asar/out/renderer/index.html', packaged],
    ['file:///opt/app/resources/app.asar/out/renderer/index.html#/profile', packaged],
    ['http://localhost:5173/', dev],
    ['http://localhost:5173/src/index.html?x=1', dev],
    ['http://127.0.0.1:9030/', shell],
  ])('trusts %s', (url, renderer) => {
    expect(isTrustedRendererUrl(url, renderer)).toBe(true);
  });

  it.each([
    ['file:///opt/app/resources/app.asar/out/renderer/other.html', packaged],
    ['file:///tmp/index.html', packaged],
    ['file:///opt/app/resources/app.asar/out/renderer/index.html/../../x.html', packaged],
    ['file://evil.com/opt/app/resources/app.asar/out/renderer/index.html', packaged],
    ['http://localhost:5173/', packaged], // dev server not configured in production
    ['http://localhost:5174/', dev],
    ['https://localhost:5173/', dev],
    ['http://localhost:5173@evil.com/', dev],
    ['http://127.0.0.1:5173/', dev],
    ['https://kauth.kakao.com/oauth/authorize', dev],
    ['http://127.0.0.1:9010/login', dev],
    ['about:blank', dev],
    ['data:text/html,hi', dev],
    ['', dev],
    [null, dev],
    [undefined, dev],
    ['http://localhost:9030/', shell], // same port, other name: not the shell's origin
    ['http://127.0.0.1:9031/', shell],
    ['http://127.0.0.1:5173/', { ...shell, browserShellOrigin: undefined }],
  ])('refuses %s', (url, renderer) => {
    expect(isTrustedRendererUrl(url, renderer)).toBe(false);
  });

  it('refuses a sub-frame even at a trusted URL', () => {
    const frameUrl = 'http://localhost:5173/';
    expect(isTrustedSender({ frameUrl, isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ frameUrl, isMainFrame: false }, dev)).toBe(false);
  });
});
