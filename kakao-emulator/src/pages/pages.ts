import { SCOPE_LABELS } from '../scopes';
import type { EmulatorAccount, ServiceTerm } from '../types';
import { Html, html } from './html';
import { layout, speechBubble } from './layout';

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
}

export function loginPage(input: LoginPageInput): string {
  return layout({
    title: '카카오계정으로 로그인',
    body: html`<h1>카카오계정으로 로그인<span class="en">Log in with Kakao Account</span></h1>
<p class="muted">${input.appName} 에 로그인합니다 · to continue to ${input.appName}</p>
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
  /** Of those, the ones the user cannot untick. */
  required: string[];
  /** Kakao Sync service terms to ask for now. */
  terms: ServiceTerm[];
}

function requirement(required: boolean): Html {
  return html`<span class="${required ? 'req' : 'opt'}">${required ? '필수 · required' : '선택 · optional'}</span>`;
}

export function consentPage(input: ConsentPageInput): string {
  const items = input.scopes.filter((scope) => scope !== 'openid');
  // A required box is disabled (a browser does not send it); the server adds it regardless.
  const box = (name: string, value: string, required: boolean) =>
    html`<input type="checkbox" id="${name}-${value}" name="${name}" value="${value}" checked${required ? new Html(' disabled') : ''}>`;
  return layout({
    title: '동의하고 계속하기',
    body: html`<h1>${input.appName}<span class="en">wants access to your Kakao Account</span></h1>
<p class="muted">${input.account.nickname} (${input.account.email ?? `id ${input.account.id}`}) 님의 정보 제공 동의 · Consent to share</p>
<form method="post" action="/oauth/authorize/consent">
<input type="hidden" name="flow" value="${input.flowId}">
${input.scopes.includes('openid') ? html`<input type="hidden" name="scope" value="openid">` : ''}
${
  input.terms.length > 0
    ? html`<p class="muted">서비스 약관 · Service terms</p>
<ul class="scopes" data-testid="consent-terms">
${input.terms.map(
  (term) => html`<li>${box('term', term.tag, term.required)}
<label for="term-${term.tag}">${term.tag}</label>${requirement(term.required)}</li>`,
)}
</ul>`
    : ''
}
${
  items.length > 0
    ? html`<ul class="scopes" data-testid="consent-scopes">
${items.map((scope) => {
  const label = SCOPE_LABELS[scope] ?? { ko: scope, en: scope };
  const required = input.required.includes(scope);
  return html`<li>${box('scope', scope, required)}
<label for="scope-${scope}">${label.ko} <span class="en">${label.en}</span></label>${requirement(required)}</li>`;
})}
</ul>`
    : ''
}
<div class="row">
<button class="btn btn-plain btn-stack" type="submit" name="action" value="cancel" data-testid="consent-cancel">취소<span class="sub">Cancel</span></button>
<button class="btn btn-kakao btn-stack" type="submit" name="action" value="agree" data-testid="consent-agree">동의하고 계속하기<span class="sub">Agree and continue</span></button>
</div>
</form>`,
  });
}

export interface SignupPageInput {
  flowId: string;
  appName: string;
  error?: string;
  nickname?: string;
  email?: string;
}

/** `prompt=create`: make a Kakao Account first, then continue to consent. */
export function signupPage(input: SignupPageInput): string {
  return layout({
    title: '카카오계정 가입',
    body: html`<h1>카카오계정 가입<span class="en">Create a Kakao Account</span></h1>
<p class="muted">가입 후 ${input.appName} 에 로그인합니다 · then continue to ${input.appName}</p>
${input.error ? html`<div class="error" role="alert" data-testid="signup-error">${input.error}</div>` : ''}
<form method="post" action="/oauth/authorize/signup" data-testid="signup-form">
<input type="hidden" name="flow" value="${input.flowId}">
<label for="nickname">닉네임 · Nickname</label>
<input id="nickname" type="text" name="nickname" value="${input.nickname ?? ''}" required>
<label for="email">이메일 · Email</label>
<input id="email" type="text" name="email" autocomplete="username" value="${input.email ?? ''}" required>
<label for="password">비밀번호 · Password</label>
<input id="password" type="password" name="password" autocomplete="new-password" required>
<p></p>
<button class="btn btn-kakao" type="submit" data-testid="signup-submit">${speechBubble()}<span>가입하고 계속하기 · Sign up and continue</span></button>
</form>
<div class="divider">또는 · or</div>
<form method="post" action="/oauth/authorize/select">
<input type="hidden" name="flow" value="${input.flowId}">
<button class="btn btn-plain" type="submit" name="account_id" value="other" data-testid="signup-have-account">이미 계정이 있어요 · I already have an account</button>
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
