import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import { signupPage } from '../pages/pages';
import { sendPage } from '../pages/send';
import { param } from '../params';
import type { flowSteps } from './authorize-flow';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NICKNAME = 40;

/** POST /oauth/authorize/signup: the `prompt=create` form makes a new Kakao Account, logs it in, goes on. */
export function signupRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  steps: ReturnType<typeof flowSteps>,
) {
  const { store } = ctx;

  app.post('/oauth/authorize/signup', async (request, reply) => {
    const flow = steps.flowOrError(request, reply);
    if (!flow) return reply;
    const nickname = (param(request.body, 'nickname') ?? '').trim();
    const email = (param(request.body, 'email') ?? '').trim();
    const password = param(request.body, 'password') ?? '';
    const again = (error: string) =>
      sendPage(
        reply,
        200,
        signupPage({ flowId: flow.id, appName: steps.appName(flow.clientId), error, nickname, email }),
      );
    if (nickname === '' || [...nickname].length > MAX_NICKNAME)
      return again(`닉네임은 1–${MAX_NICKNAME}자입니다 · The nickname must be 1–${MAX_NICKNAME} characters.`);
    if (!EMAIL.test(email)) return again('이메일 형식이 올바르지 않습니다 · That is not an email address.');
    if (password.length < 8)
      return again('비밀번호는 8자 이상입니다 · The password needs 8 characters or more.');
    const taken = [...store.accounts.values()].some(
      (account) => account.email?.toLowerCase() === email.toLowerCase(),
    );
    if (taken) return again('이미 가입된 이메일입니다 · That email already has a Kakao Account.');

    const id = Math.max(0, ...store.accounts.keys()) + 1;
    store.accounts.set(id, { id, nickname, email, password, isDefaultNickname: false });
    return steps.proceed(reply, flow, steps.startSession(reply, id));
  });
}
