/**
 * What the user's browser shows after Kakao hands it back to us: a small self-contained page in Korean and
 * English. No script, no external resource, no link, and never the code, state or error it came with; a strict
 * CSP that allows only its own inline style (by hash), no caching, no referrer.
 */
import { createHash } from 'node:crypto';

/** What the page tells the user. */
export type CallbackPageKind =
  /** Kakao sent the code: the app finishes the sign-in. */
  | 'returned'
  | 'cancelled'
  /** Kakao answered with an error. */
  | 'failed'
  /** Not an answer to the sign-in in progress (another state, or one already over): nothing happened. */
  | 'not-expected';

interface Text {
  title: string;
  body: string;
}

const TEXTS: Record<CallbackPageKind, { ko: Text; en: Text }> = {
  returned: {
    ko: { title: 'Kakao Desktop으로 돌아가세요', body: '앱에서 로그인을 마칩니다. 이 탭은 닫아도 됩니다.' },
    en: {
      title: 'Return to Kakao Desktop',
      body: 'The app finishes signing you in. You can close this tab.',
    },
  },
  cancelled: {
    ko: { title: '로그인이 취소되었습니다', body: '이 탭은 닫아도 됩니다.' },
    en: { title: 'Sign-in was cancelled', body: 'You can close this tab.' },
  },
  failed: {
    ko: {
      title: '로그인을 완료하지 못했습니다',
      body: 'Kakao Desktop에서 다시 시도하세요. 이 탭은 닫아도 됩니다.',
    },
    en: {
      title: 'Sign-in could not be completed',
      body: 'Try again in Kakao Desktop. You can close this tab.',
    },
  },
  'not-expected': {
    ko: {
      title: '진행 중인 로그인이 아닙니다',
      body: '이 주소로는 아무 일도 일어나지 않았습니다. 이 탭은 닫아도 됩니다.',
    },
    en: {
      title: 'This is not a sign-in in progress',
      body: 'Nothing happened at this address. You can close this tab.',
    },
  },
};

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;' +
  'background:#f7f7f7;color:#191919}main{max-width:32rem;padding:2rem}section+section{margin-top:1.5rem}' +
  'h1{font-size:1.25rem;margin:0 0 .5rem}p{margin:0}';

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Headers for every answer of the listener (pages and plain-text errors alike). */
export const CALLBACK_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // One answer per connection: the listener closes right after the sign-in's answer.
  Connection: 'close',
};

function section(lang: 'ko' | 'en', text: Text): string {
  return `<section lang="${lang}"><h1>${text.title}</h1><p>${text.body}</p></section>`;
}

/** The whole HTML document. Only fixed text goes in: nothing from the request is echoed. */
export function callbackPageHtml(kind: CallbackPageKind): string {
  const { ko, en } = TEXTS[kind];
  return (
    '<!doctype html><html lang="ko"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>Kakao Desktop — ${en.title}</title><style>${STYLE}</style></head>` +
    `<body><main>${section('ko', ko)}${section('en', en)}</main></body></html>`
  );
}
