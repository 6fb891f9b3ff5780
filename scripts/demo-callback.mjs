// Browser demo for machines without the Electron binary: plays the desktop app's part of sign-in in a plain
// browser. It makes state + PKCE like main/ does, serves the redirect URI (the app intercepts it instead), hands
// the code to the backend, and shows the profile. Tokens are never shown or kept.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function page(title, body) {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#191919}
.card{border:1px solid #e5e5e5;border-radius:12px;padding:1.5rem}img{border-radius:50%;width:72px;height:72px}
a.kakao{display:inline-block;background:#FEE500;color:rgba(0,0,0,.85);padding:.8rem 1.2rem;border-radius:12px;text-decoration:none;font-weight:600}
small{color:#666}</style><div class="card">${body}</div>`;
}

/** Starts the demo callback server; returns the URL a person opens to begin. */
export async function startDemoCallback({ emulatorUrl, backendUrl, clientId, redirectUri, scopes }) {
  const redirect = new URL(redirectUri);
  let flow = newFlow();

  function newFlow() {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(32).toString('base64url');
    const url = new URL('/oauth/authorize', emulatorUrl);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: scopes,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return { verifier, state, authorizeUrl: url.toString() };
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', redirectUri);
    const send = (status, html) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    };
    if (url.pathname === '/') {
      flow = newFlow();
      res.writeHead(302, { location: flow.authorizeUrl }).end();
      return;
    }
    if (url.pathname !== redirect.pathname) return send(404, page('Not found', 'Not found.'));
    const again = '<p><a class="kakao" href="/">카카오 로그인 · Login with Kakao</a></p>';
    const error = url.searchParams.get('error');
    if (error === 'access_denied') return send(200, page('Cancelled', `<h1>Sign-in cancelled</h1>${again}`));
    if (error) return send(400, page('Kakao error', `<h1>Kakao said: ${escapeHtml(error)}</h1>${again}`));
    if (url.searchParams.get('state') !== flow.state)
      return send(
        400,
        page(
          'State mismatch',
          `<h1>State mismatch</h1><p>This redirect is not from the sign-in started here.</p>${again}`,
        ),
      );
    const code = url.searchParams.get('code') ?? '';
    const { verifier } = flow;
    flow = newFlow(); // state and verifier are single use
    try {
      const response = await fetch(new URL('/auth/kakao/exchange', backendUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          code,
          redirect_uri: redirectUri,
          code_verifier: verifier,
          device_name: 'Browser demo',
        }),
      });
      const body = await response.json();
      if (!response.ok)
        return send(
          response.status,
          page(
            'Sign-in failed',
            `<h1>Sign-in failed</h1><p>${escapeHtml(body.detail ?? body.title)} <small>(${escapeHtml(body.code)})</small></p>${again}`,
          ),
        );
      const user = body.user;
      const avatar = user.thumbnail_image_url
        ? `<img alt="" src="${escapeHtml(user.thumbnail_image_url)}" onerror="this.remove()">`
        : '';
      return send(
        200,
        page(
          'Signed in',
          `${avatar}<h1>${escapeHtml(user.nickname ?? 'Kakao user')}</h1>
<p>${escapeHtml(user.email ?? 'no email')}</p><p><small>Signed in through the backend (session ${escapeHtml(body.session_id)}).
The desktop app does this same exchange and keeps the tokens in the OS keychain; this page shows none.</small></p>
<p><a href="/">다시 로그인 · Sign in again</a></p>`,
        ),
      );
    } catch {
      return send(502, page('Backend unreachable', `<h1>The backend did not answer</h1>${again}`));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(
      Number(redirect.port || 80),
      redirect.hostname === 'localhost' ? '127.0.0.1' : redirect.hostname,
      resolve,
    );
  });
  return { url: `${redirect.protocol}//${redirect.host}/`, close: () => server.close() };
}
