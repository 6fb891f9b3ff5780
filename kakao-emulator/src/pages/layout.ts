import { Html, html } from './html';

// Kakao's look: #FEE500 container, black label at 85%, 12px corners (Kakao Login design guide: https://developers.kakao.com/docs/latest/ko/kakaologin/design-guide).
const STYLES = `
*{box-sizing:border-box}
body{margin:0;background:#f5f5f5;color:#191919;font-family:-apple-system,BlinkMacSystemFont,"Apple SD Gothic Neo","Noto Sans CJK KR","Noto Sans KR","Malgun Gothic",sans-serif;font-size:15px;line-height:1.5}
.badge{position:fixed;top:12px;right:12px;background:#191919;color:#FEE500;font-size:12px;font-weight:700;letter-spacing:.02em;padding:6px 10px;border-radius:12px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
main{max-width:420px;margin:56px auto;padding:0 16px}
.card{background:#fff;border-radius:12px;padding:32px 28px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.logo{display:flex;align-items:center;gap:8px;font-size:22px;font-weight:800;margin-bottom:4px}
.logo svg{flex:none}
h1{font-size:19px;margin:12px 0 4px}
.en{color:#6b6b6b;font-size:13px;font-weight:400}
h1 .en{display:block;margin-top:2px}
p{margin:8px 0}
.btn{display:flex;align-items:center;justify-content:center;gap:8px;width:100%;min-height:48px;border:0;border-radius:12px;font:inherit;font-weight:600;cursor:pointer;padding:10px 14px;text-align:center}
.btn-kakao{background:#FEE500;color:rgba(0,0,0,.85)}
.btn-kakao:hover{background:#f5dc00}
.btn-plain{background:#f2f2f2;color:#191919}
.btn-plain:hover{background:#e6e6e6}
.stack>*+*{margin-top:10px}
.account{justify-content:flex-start;text-align:left}
.avatar{width:36px;height:36px;border-radius:50%;background:#FEE500;color:#3c1e1e;display:flex;align-items:center;justify-content:center;font-weight:800;flex:none}
.account .who{display:flex;flex-direction:column;line-height:1.3}
.account .who small{color:#6b6b6b;font-weight:400}
label{display:block;font-size:13px;color:#555;margin:12px 0 4px}
input[type=email],input[type=text],input[type=password]{width:100%;height:46px;border:1px solid #dcdcdc;border-radius:12px;padding:0 12px;font:inherit}
input:focus{outline:2px solid #191919;outline-offset:1px}
.divider{display:flex;align-items:center;gap:10px;color:#999;font-size:12px;margin:22px 0 8px}
.divider:before,.divider:after{content:"";flex:1;border-top:1px solid #e5e5e5}
.error{background:#fff0f0;color:#c4001d;border-radius:12px;padding:10px 12px;margin:12px 0;font-size:14px}
.scopes{list-style:none;padding:0;margin:16px 0;border:1px solid #eee;border-radius:12px}
.scopes li{display:flex;align-items:center;gap:10px;padding:12px 14px;border-top:1px solid #eee}
.scopes li:first-child{border-top:0}
.scopes input{flex:none;width:20px;height:20px;margin:0;accent-color:#191919}
.scopes label{flex:1;margin:0;color:#191919;font-size:15px}
.req{flex:none;white-space:nowrap;font-size:12px;color:#c4001d;margin-left:auto}
.opt{flex:none;white-space:nowrap;font-size:12px;color:#888;margin-left:auto}
.row{display:flex;gap:10px}
.row .btn{flex:1}
.row .btn-kakao{flex:2}
.btn .sub{display:block;font-size:12px;font-weight:400;opacity:.75}
.btn-stack{flex-direction:column;gap:0}
.code{font-family:ui-monospace,Menlo,monospace;background:#191919;color:#FEE500;border-radius:8px;padding:2px 8px;font-size:14px}
.muted{color:#6b6b6b;font-size:13px}
footer{text-align:center;color:#999;font-size:12px;margin-top:18px}
`;

const SYMBOL = html`<svg width="28" height="28" viewBox="0 0 28 28" aria-hidden="true"><rect width="28" height="28" rx="8" fill="#FEE500"/><path d="M14 6.5c-4.7 0-8.5 3-8.5 6.7 0 2.4 1.6 4.5 4 5.7l-1 3.6c-.1.3.3.6.6.4l4.3-2.8h.6c4.7 0 8.5-3 8.5-6.9S18.7 6.5 14 6.5z" fill="#000"/></svg>`;

export function speechBubble(): Html {
  return html`<svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><path d="M9 1.5C4.6 1.5 1 4.3 1 7.8c0 2.2 1.5 4.2 3.7 5.3l-.9 3.4c-.1.3.3.5.5.4l4-2.7h.7c4.4 0 8-2.8 8-6.4S13.4 1.5 9 1.5z" fill="#000"/></svg>`;
}

export interface PageOptions {
  title: string;
  body: Html;
}

/** Every page carries the "Kakao emulator" badge so nobody mistakes it for the real Kakao. */
export function layout({ title, body }: PageOptions): string {
  return html`<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Kakao emulator</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<div class="badge" data-testid="emulator-badge">Kakao emulator · 테스트용</div>
<main>
<div class="card">
<div class="logo">${SYMBOL}<span>kakao</span></div>
${body}
</div>
<footer>Kakao emulator — not kauth.kakao.com · 실제 카카오가 아닙니다</footer>
</main>
</body>
</html>`.value;
}
