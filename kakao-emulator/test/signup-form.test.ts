import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  bearer,
  exchangeCode,
  formsOf,
  getJson,
  parseForms,
  redirectQuery,
  TestBrowser,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

async function signupForm(browser: TestBrowser) {
  const page = await browser.get(authorizeUrl({ prompt: 'create' }));
  expect(page.status).toBe(200);
  const forms = await formsOf(page);
  const form = forms.find((item) => item.action === '/oauth/authorize/signup');
  if (!form) throw new Error('no sign-up form');
  return { form, forms };
}

describe('prompt=create: the Kakao Account sign-up form', () => {
  it('makes a new account, logs it in, asks for consent, and the code belongs to it', async () => {
    const browser = new TestBrowser(emulator().url);
    const { form } = await signupForm(browser);
    const consent = await browser.submit(form, undefined, [
      ['nickname', '새 사용자'],
      ['email', 'new@kakao.test'],
      ['password', 'long-enough'],
    ]);
    expect(consent.status).toBe(200);
    expect(browser.sessionCookie).toEqual(expect.any(String));
    const agree = parseForms(await consent.text()).find(
      (item) => item.action === '/oauth/authorize/consent',
    )!;
    const done = await browser.submit(agree, { name: 'action', value: 'agree' });
    const tokens = await exchangeCode(emulator().url, redirectQuery(done).code!);
    const me = await getJson(emulator().url, '/v2/user/me', bearer(tokens.body.access_token));
    expect(me.body.id).toBe(1005);
    expect(me.body.kakao_account).toMatchObject({
      email: 'new@kakao.test',
      profile: { nickname: '새 사용자' },
    });

    // The new account can log in with its password like any other.
    const again = new TestBrowser(emulator().url);
    const login = await again.get(authorizeUrl({ prompt: 'login' }));
    const passwordForm = (await formsOf(login)).find((item) =>
      item.fields.some(([name]) => name === 'email'),
    )!;
    const back = await again.submit(passwordForm, undefined, [
      ['email', 'new@kakao.test'],
      ['password', 'long-enough'],
    ]);
    expect(back.status).toBe(302);
  });

  it.each([
    ['an empty nickname', '', 'x@kakao.test', 'long-enough'],
    ['a bad email', 'n', 'not-an-email', 'long-enough'],
    ['a short password', 'n', 'x@kakao.test', 'short'],
    ['a taken email', 'n', 'KIM@kakao.test', 'long-enough'],
  ])('%s: the form again with an error, no account, no session', async (_name, nickname, email, password) => {
    const browser = new TestBrowser(emulator().url);
    const { form } = await signupForm(browser);
    const answer = await browser.submit(form, undefined, [
      ['nickname', nickname],
      ['email', email],
      ['password', password],
    ]);
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain('data-testid="signup-error"');
    expect(html).toContain('action="/oauth/authorize/signup"');
    expect(browser.sessionCookie).toBeUndefined();
  });

  it('"I already have an account" goes to the login page', async () => {
    const browser = new TestBrowser(emulator().url);
    const { forms } = await signupForm(browser);
    const other = forms.find((item) => item.action === '/oauth/authorize/select')!;
    const login = await browser.submit(other, { name: 'account_id', value: 'other' });
    expect(await login.text()).toContain('data-testid="password-login"');
  });

  it('a stale flow id is refused', async () => {
    const browser = new TestBrowser(emulator().url);
    const answer = await browser.post('/oauth/authorize/signup', [
      ['flow', 'forged'],
      ['nickname', 'n'],
      ['email', 'y@kakao.test'],
      ['password', 'long-enough'],
    ]);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('KOE001');
  });
});
