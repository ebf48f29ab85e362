/**
 * The sign-in interaction of the local provider (what Cognito's hosted UI does in AWS):
 * shows the sign-in page, checks the local account and the local password, refuses a
 * disabled account in words, and hands the result back to oidc-provider. An invited
 * account becomes CONFIRMED on its first sign-in (Cognito would first ask for a new
 * password). Consent is never asked: the SPA is a first-party client.
 * Also answers the userinfo endpoint, accepting the provider's own JWT access tokens the
 * way Cognito's /oauth2/userInfo accepts its access tokens (and refuses a disabled user's).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { readBody } from '../http-body.js';
import type { createJwtAuthorizer } from '../jwt-authorizer.js';
import type { LocalAccounts } from './accounts.js';
import { errorPage, PAGE_HEADERS, signInPage } from './pages.js';
import { interactionPath } from './provider.js';
import { LOCAL_PASSWORD } from './seed-users.js';

const FORM_LIMIT_BYTES = 16 * 1024;
const WRONG_CREDENTIALS = 'The email or the password is not correct.';
const DISABLED = 'This account is disabled. An administrator of this Ownstack installation can reactivate it.';

export interface InteractionDeps {
  provider: Provider;
  issuer: string;
  authorize: ReturnType<typeof createJwtAuthorizer>;
  accounts: LocalAccounts;
}

/** Handles the request if it is one of ours; returns false to let the provider have it. */
export function createInteractionHandler({ provider, issuer, authorize, accounts }: InteractionDeps) {
  const base = interactionPath(issuer);
  const userinfoPath = `${new URL(issuer).pathname}/me`;
  const pattern = new RegExp(`^${base}/([A-Za-z0-9_-]{1,64})(/login|/abort)?$`);

  return async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path === userinfoPath && (req.method === 'GET' || req.method === 'POST')) {
      await userinfo(req, res);
      return true;
    }
    const match = pattern.exec(path);
    if (!match) return false;
    const [, uid, action] = match;
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) {
        page(res, 400, errorPage('Sign-in link mismatch', 'This sign-in page belongs to another attempt. Start again from the app.'));
        return true;
      }
      const submitUrl = interactionPath(issuer, `${uid}/login`);
      const abortUrl = interactionPath(issuer, `${uid}/abort`);
      const signIn = (email: string, error?: string) => signInPage({ submitUrl, abortUrl, accounts: accounts.list(), email, error });

      if (action === '/abort') {
        await provider.interactionFinished(
          req,
          res,
          { error: 'access_denied', error_description: 'The sign-in was cancelled.' },
          { mergeWithLastSubmission: false },
        );
        return true;
      }
      if (action === '/login' && req.method === 'POST') {
        const form = await readForm(req);
        const email = form.get('email') ?? '';
        const account = accounts.byEmail(email);
        if (!account || form.get('password') !== LOCAL_PASSWORD) {
          page(res, 200, signIn(email, WRONG_CREDENTIALS));
          return true;
        }
        if (!account.enabled) {
          page(res, 200, signIn(email, DISABLED));
          return true;
        }
        if (account.status === 'FORCE_CHANGE_PASSWORD') accounts.change(account.sub, { status: 'CONFIRMED' });
        await provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
        return true;
      }
      if (req.method !== 'GET' || action) {
        page(res, 405, errorPage('Not allowed', 'This page accepts no such request.'));
        return true;
      }

      if (details.prompt.name === 'login') {
        const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
        page(res, 200, signIn(hint));
        return true;
      }
      // Any other prompt is consent, which the first-party grant answers (see provider.ts).
      await provider.interactionFinished(req, res, { consent: {} }, { mergeWithLastSubmission: true });
      return true;
    } catch (error) {
      const expired = (error as { name?: string }).name === 'SessionNotFound';
      page(
        res,
        400,
        expired
          ? errorPage('Sign-in expired', 'This sign-in attempt has expired or was already used. Start again from the app.')
          : errorPage('Sign-in could not continue', (error as Error).message),
      );
      return true;
    }
  };

  async function userinfo(req: IncomingMessage, res: ServerResponse) {
    const result = await authorize(req.headers.authorization);
    const user = result.ok ? accounts.bySub(result.claims.sub ?? '') : undefined;
    if (!result.ok || !user?.enabled) {
      res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'cache-control': 'no-store', 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    const scopes = new Set(result.scopes);
    const body = {
      sub: user.sub,
      ...(scopes.has('email') ? { email: user.email, email_verified: user.emailVerified } : {}),
      ...(scopes.has('profile') && user.name ? { name: user.name } : {}),
    };
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(req, FORM_LIMIT_BYTES);
  return new URLSearchParams(body.ok ? body.bytes.toString('utf8') : '');
}

function page(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(html);
}
