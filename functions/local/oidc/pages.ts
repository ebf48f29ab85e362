/**
 * Server-rendered pages of the local provider: sign-in, sign-out confirmation, signed out
 * and errors. Plain HTML with no script, built to pass axe: a language, a title, one h1,
 * labelled fields, visible focus, errors in words (never colour alone). Every value that
 * came from a request is escaped.
 */
import type { LocalAccount } from './accounts.js';
import { LOCAL_PASSWORD } from './seed-users.js';

/** Headers for every page: no framing, no scripts, forms post only to this origin. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export const escapeHtml = (value: unknown) =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5; }
  body { margin: 0; background: #f4f5f7; color: #1f2328; }
  main { max-width: 26rem; margin: 3rem auto; padding: 2rem; background: #fff; border: 1px solid #c9ced6; border-radius: 8px; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-top: 1rem; }
  input { display: block; width: 100%; box-sizing: border-box; margin-top: .25rem; padding: .5rem; font: inherit; border: 1px solid #5c6470; border-radius: 4px; }
  button, .button { display: inline-block; margin-top: 1.5rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; border-radius: 4px; border: 2px solid #1d4ed8; cursor: pointer; text-decoration: none; }
  .primary { background: #1d4ed8; color: #fff; }
  .secondary { background: #fff; color: #1d4ed8; margin-left: .5rem; }
  :focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
  .error { margin: 1rem 0 0; padding: .75rem; border: 2px solid #b91c1c; border-left-width: 6px; border-radius: 4px; color: #7f1d1d; background: #fef2f2; }
  .hint { margin-top: 1.5rem; padding: .75rem; border: 1px dashed #5c6470; border-radius: 4px; font-size: .95rem; }
  .hint h2 { font-size: 1rem; margin: 0; }
  .hint p { margin: .25rem 0 0; }
  .hint ul { margin: .25rem 0 0; padding-left: 1.25rem; }
  code { font-size: .95em; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Ownstack (local)</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface SignInPageInput {
  submitUrl: string;
  abortUrl: string;
  /** Listed as a hint; disabled accounts are left out. */
  accounts: readonly Pick<LocalAccount, 'email' | 'name' | 'status' | 'enabled'>[];
  email?: string;
  error?: string;
}

export function signInPage({ submitUrl, abortUrl, accounts, email = '', error }: SignInPageInput): string {
  const describedBy = error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  const hints = accounts
    .filter((a) => a.enabled)
    .map((a) => {
      const about = [a.name, a.status === 'FORCE_CHANGE_PASSWORD' ? 'invited' : undefined].filter(Boolean).join(', ');
      return `<li><code>${escapeHtml(a.email)}</code>${about ? ` (${escapeHtml(about)})` : ''}</li>`;
    })
    .join('');
  return layout(
    'Sign in',
    `<h1>Sign in to Ownstack</h1>
<p>Local development sign-in. Nothing here reaches AWS.</p>
${error ? `<p class="error" id="sign-in-error" role="alert"><strong>Sign-in failed:</strong> ${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(submitUrl)}" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"${describedBy}${error ? '' : ' autofocus'}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}${error ? ' autofocus' : ''}>
  <button type="submit" class="primary">Sign in</button>
  <a class="button secondary" href="${escapeHtml(abortUrl)}">Cancel</a>
</form>
<section class="hint" aria-labelledby="hint-heading">
  <h2 id="hint-heading">Local accounts</h2>
  <p>Password for every account: <code>${escapeHtml(LOCAL_PASSWORD)}</code> (local use only).</p>
  <ul>${hints}</ul>
</section>`,
  );
}

/** The confirmation oidc-provider asks for before ending a session; `form` is its hidden form. */
export function signOutPage(form: string, host: string): string {
  return layout(
    'Sign out',
    `<h1>Sign out of Ownstack?</h1>
<p>You are signed in at <strong>${escapeHtml(host)}</strong>.</p>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" class="primary">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>`,
  );
}

export function signedOutPage(): string {
  return layout('Signed out', '<h1>You are signed out</h1>\n<p>You can close this tab, or <a href="/">return to Ownstack</a>.</p>');
}

export function errorPage(title: string, detail: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p class="error" role="alert">${escapeHtml(detail)}</p>\n<p><a href="/">Return to Ownstack</a></p>`);
}
