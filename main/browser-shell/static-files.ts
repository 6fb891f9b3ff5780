/**
 * The built renderer (out/renderer) as files on loopback, with the page-side bridge added to index.html as
 * a same-origin classic script, so the page's own strict CSP (`script-src 'self'`) holds unchanged.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** Served at this path; index.html loads it before the renderer's module script. */
export const BRIDGE_SCRIPT_PATH = '/browser-bridge.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface StaticFile {
  body: Buffer | string;
  contentType: string;
}

/**
 * index.html with the bridge script before the renderer's own scripts (after the CSP `<meta>`, which covers only
 * what follows it): a classic script runs as soon as it is parsed, before any module script, so `window.api`
 * exists when the renderer starts, as with a preload.
 */
export function injectBridge(indexHtml: string): string {
  const tag = `<script src=".${BRIDGE_SCRIPT_PATH}"></script>\n    `;
  const at = indexHtml.search(/<script[\s>]/i);
  if (at >= 0) return indexHtml.slice(0, at) + tag + indexHtml.slice(at);
  if (!indexHtml.includes('</head>')) throw new Error('index.html has no </head>');
  return indexHtml.replace('</head>', `${tag}</head>`);
}

export interface StaticSite {
  /** The file for a URL path, or null (not found, outside the folder, or not a type we serve). */
  read(pathname: string): Promise<StaticFile | null>;
}

export async function createStaticSite(rendererDir: string, bridgeScript: string): Promise<StaticSite> {
  const index = injectBridge(await readFile(join(rendererDir, 'index.html'), 'utf8'));
  const root = normalize(rendererDir + sep);
  return {
    async read(pathname) {
      if (pathname === '/' || pathname === '/index.html')
        return { body: index, contentType: CONTENT_TYPES['.html']! };
      if (pathname === BRIDGE_SCRIPT_PATH) return { body: bridgeScript, contentType: CONTENT_TYPES['.js']! };
      let decoded: string;
      try {
        decoded = decodeURIComponent(pathname);
      } catch {
        return null;
      }
      const file = normalize(join(root, decoded));
      const contentType = CONTENT_TYPES[extname(file)];
      if (!file.startsWith(root) || decoded.includes('\0') || !contentType) return null;
      try {
        return { body: await readFile(file), contentType };
      } catch {
        return null;
      }
    },
  };
}
