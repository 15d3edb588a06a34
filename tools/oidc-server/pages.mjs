// The provider's own pages: the password form (the login interaction), the sign-out step and errors. Plain HTML that
// passes axe: a language, a title, one h1 in a main landmark, labelled fields, the error tied to the fields, and
// colours above 4.5:1 in light and dark.
import { createHash } from 'node:crypto';

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const style = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --accent: #0b57d0; --error: #b3261e; --line: #8c959f; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --accent: #78a9ff; --error: #ff9c94; --line: #6e7681; } }
body { font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
main { max-width: 24rem; margin: 3rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
p.muted { color: var(--muted); margin-top: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
input:focus-visible, button:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
button { font: inherit; font-weight: 600; margin-top: 1.5rem; padding: .5rem 1.25rem; color: #ffffff; background: #0b57d0; border: 0; border-radius: 6px; cursor: pointer; }
.error { color: var(--error); font-weight: 600; margin-top: 1rem; }
`;

function page({ title, body, csp }) {
  return {
    csp: `default-src 'none'; style-src 'unsafe-inline'; ${csp ?? ''} frame-ancestors 'none'; base-uri 'none'`,
    html: `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`,
  };
}

/**
 * The password form. `formAction` lists where the browser may be sent after the POST: Chromium applies form-action to
 * the redirects that follow a submit, and the flow ends on the web app's /auth/callback.
 */
export function loginPage({ uid, clientName, username = '', error = null, formAction }) {
  const described = error ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return page({
    title: error ? 'Sign-in failed · GistCloud local sign-in' : 'Sign in · GistCloud local sign-in',
    csp: `form-action 'self' ${formAction.join(' ')};`,
    body: `<h1>Sign in</h1>
<p class="muted">to ${escapeHtml(clientName)} — the local OpenID provider for demos and tests</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
${error ? `<p id="login-error" class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" required value="${escapeHtml(username)}"${described}${error ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${described}${error ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>`,
  });
}

const autoSubmit = 'document.forms[0].submit();';
const autoSubmitHash = createHash('sha256').update(autoSubmit).digest('base64');

/** oidc-provider's sign-out step, confirmed at once: the web app already asked ("Sign out"), so no second question. */
export function logoutPage(form, formAction) {
  const withConfirm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"><button type="submit">Sign out</button></form>');
  return page({
    title: 'Signing out · GistCloud local sign-in',
    csp: `script-src 'sha256-${autoSubmitHash}'; form-action 'self' ${formAction.join(' ')};`,
    body: `<h1>Signing you out…</h1>\n${withConfirm}\n<script>${autoSubmit}</script>`,
  });
}

export function errorPage(out) {
  return page({
    title: 'Sign-in error · GistCloud local sign-in',
    body: `<h1>Something went wrong</h1>\n${Object.entries(out)
      .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
      .join('\n')}`,
  });
}
