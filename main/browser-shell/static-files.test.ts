import { describe, expect, it } from 'vitest';
import { injectBridge } from './static-files';

describe('injectBridge', () => {
  it('puts the bridge after the CSP meta and before the renderer module script', () => {
    const html = `<html><head><meta http-equiv="Content-Security-Policy" content="x" /><title>t</title>
    <script type="module" src="./assets/index.js"></script></head><body></body></html>`;
    const out = injectBridge(html);
    const bridge = out.indexOf('<script src="./browser-bridge.js"></script>');
    expect(bridge).toBeGreaterThan(out.indexOf('Content-Security-Policy'));
    expect(bridge).toBeLessThan(out.indexOf('type="module"'));
  });

  it('falls back to the end of <head>, and refuses a page without one', () => {
    expect(injectBridge('<head><title>t</title></head>')).toContain(
      '<title>t</title><script src="./browser-bridge.js"></script>',
    );
    expect(() => injectBridge('<body></body>')).toThrow();
  });
});
