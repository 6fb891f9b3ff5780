import type { EmulatorAccount } from '../types';
import { Html, html } from './html';
import { layout, speechBubble } from './layout';

/** Korean + English labels of the consent items the emulator knows. */
export const SCOPE_LABELS: Record<string, { ko: string; en: string }> = {
  profile_nickname: { ko: '닉네임', en: 'Nickname' },
  profile_image: { ko: '프로필 사진', en: 'Profile image' },
  account_email: { ko: '카카오계정(이메일)', en: 'Kakao Account (email)' },
  name: { ko: '이름', en: 'Name' },
  age_range: { ko: '연령대', en: 'Age range' },
  birthday: { ko: '생일', en: 'Birthday' },
  birthyear: { ko: '출생 연도', en: 'Birth year' },
  gender: { ko: '성별', en: 'Gender' },
  phone_number: { ko: '카카오계정(전화번호)', en: 'Phone number' },
  openid: { ko: 'OpenID Connect', en: 'OpenID Connect' },
};

function initial(account: EmulatorAccount): string {
  return Array.from(account.nickname)[0] ?? '?';
}

function accountButton(account: EmulatorAccount, extra: Html = html``): Html {
  return html`<button class="btn btn-plain account" type="submit" name="account_id" value="${account.id}" data-testid="account-${account.id}">
<span class="avatar">${initial(account)}</span>
<span class="who"><strong>${account.nickname}</strong><small>${account.email ?? `id ${account.id} · 이메일 없음 / no email`}</small></span>${extra}
</button>`;
}

export interface LoginPageInput {
  flowId: string;
  appName: string;
  accounts: EmulatorAccount[];
  email?: string;
  error?: string;
  signUp?: boolean;
}

export function loginPage(input: LoginPageInput): string {
  return layout({
    title: '카카오계정으로 로그인',
    body: html`<h1>카카오계정으로 로그인<span class="en">Log in with Kakao Account</span></h1>
<p class="muted">${input.appName} 에 로그인합니다 · to continue to ${input.appName}</p>
${input.signUp ? html`<p class="muted">계정 만들기는 에뮬레이터에서 생략됩니다 · Sign-up is skipped in the emulator: pick an account.</p>` : ''}
${input.error ? html`<div class="error" role="alert" data-testid="login-error">${input.error}</div>` : ''}
<form method="post" action="/oauth/authorize/login" class="stack" data-testid="quick-login">
<input type="hidden" name="flow" value="${input.flowId}">
<p class="muted">테스트 계정 선택 · Choose a test account</p>
${input.accounts.map((account) => accountButton(account))}
</form>
<div class="divider">또는 · or</div>
<form method="post" action="/oauth/authorize/login" data-testid="password-login">
<input type="hidden" name="flow" value="${input.flowId}">
<label for="email">카카오메일 아이디, 이메일 · Email</label>
<input id="email" type="text" name="email" autocomplete="username" value="${input.email ?? ''}" required>
<label for="password">비밀번호 · Password</label>
<input id="password" type="password" name="password" autocomplete="current-password" required>
<p></p>
<button class="btn btn-kakao" type="submit">${speechBubble()}<span>로그인 · Log in</span></button>
</form>`,
  });
}

export interface ConsentPageInput {
  flowId: string;
  appName: string;
  account: EmulatorAccount;
  /** Items to ask for now (not yet agreed). */
  scopes: string[];
}

export function consentPage(input: ConsentPageInput): string {
  const items = input.scopes.filter((scope) => scope !== 'openid');
  return layout({
    title: '동의하고 계속하기',
    body: html`<h1>${input.appName}<span class="en">wants access to your Kakao Account</span></h1>
<p class="muted">${input.account.nickname} (${input.account.email ?? `id ${input.account.id}`}) 님의 정보 제공 동의 · Consent to share</p>
<form method="post" action="/oauth/authorize/consent">
<input type="hidden" name="flow" value="${input.flowId}">
${input.scopes.includes('openid') ? html`<input type="hidden" name="scope" value="openid">` : ''}
<ul class="scopes" data-testid="consent-scopes">
${items.map((scope) => {
  const label = SCOPE_LABELS[scope] ?? { ko: scope, en: scope };
  const required = scope === 'profile_nickname';
  // A required item cannot be unticked; the server adds it regardless.
  return html`<li><input type="checkbox" id="scope-${scope}" name="scope" value="${scope}" checked${required ? new Html(' disabled') : ''}>
<label for="scope-${scope}">${label.ko} <span class="en">${label.en}</span></label>
<span class="${required ? 'req' : 'opt'}">${required ? '필수 · required' : '선택 · optional'}</span></li>`;
})}
</ul>
<div class="row">
<button class="btn btn-plain btn-stack" type="submit" name="action" value="cancel" data-testid="consent-cancel">취소<span class="sub">Cancel</span></button>
<button class="btn btn-kakao btn-stack" type="submit" name="action" value="agree" data-testid="consent-agree">동의하고 계속하기<span class="sub">Agree and continue</span></button>
</div>
</form>`,
  });
}

export interface ChooserPageInput {
  flowId: string;
  appName: string;
  account: EmulatorAccount;
}

export function chooserPage(input: ChooserPageInput): string {
  return layout({
    title: '계정 선택',
    body: html`<h1>계정 선택<span class="en">Choose an account</span></h1>
<p class="muted">${input.appName} 에 계속하기 · to continue to ${input.appName}</p>
<form method="post" action="/oauth/authorize/select" class="stack">
<input type="hidden" name="flow" value="${input.flowId}">
${accountButton(input.account, html`<span class="opt">로그인됨 · signed in</span>`)}
<button class="btn btn-plain" type="submit" name="account_id" value="other" data-testid="use-another-account">다른 계정으로 로그인 · Use another account</button>
</form>`,
  });
}

/** A KOE error page: shown instead of redirecting when the redirect target cannot be trusted. */
export function errorPage(code: string, error: string, description: string): string {
  return layout({
    title: `Error ${code}`,
    body: html`<h1>잘못된 요청 (${code})<span class="en">Something went wrong</span></h1>
<div class="error" role="alert" data-testid="error-code">${code} · ${error}</div>
<p>${description}</p>
<p class="muted">앱 관리자 설정 오류입니다. 앱 관리자에게 문의하세요 · The app's Kakao settings are wrong; contact the app developer.</p>`,
  });
}
