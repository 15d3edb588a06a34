// A real OpenID provider (panva's oidc-provider) for GistCloud's local runs and tests: the web app signs in through it
// exactly as it does through Cognito on AWS (authorization code + PKCE, JWT access tokens for the API, refresh tokens).
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { accountBySubject, checkPassword } from './accounts.mjs';
import { errorPage, loginPage, logoutPage } from './pages.mjs';

export const ClientId = 'gistcloud-web';
export const Audience = 'urn:gistcloud:api';

/**
 * Starts the provider on 127.0.0.1:`port` (0 = any free port).
 * `origins`: the web app's origins (redirects to <origin>/auth/callback, sign-out back to <origin>/, CORS).
 * `accessTtl`: access token lifetime in seconds (short in tests, so renewal shows).
 */
export async function startOidcServer({ port = 0, origins, accessTtl = 600, host = '127.0.0.1' }) {
  if (!origins?.length) throw new Error('At least one web app origin is needed (--client-redirect).');
  const allowed = origins.map((o) => new URL(o).origin);
  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const issuer = `http://${host}:${server.address().port}`;
  const provider = new Provider(issuer, configuration({ allowed, accessTtl }));
  provider.use(interactions(provider, allowed));
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error:', error));
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    close: () => new Promise((resolve) => server.close(resolve).closeAllConnections()),
  };
}

function configuration({ allowed, accessTtl }) {
  // A fresh RS256 key each start: nothing outlives the process, and tokens of an earlier run stop validating.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  return {
    clients: [
      {
        client_id: ClientId,
        client_name: 'GistCloud',
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: allowed.map((o) => `${o}/auth/callback`),
        post_logout_redirect_uris: allowed.map((o) => `${o}/`),
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    // The access token is for the API (not userinfo), so the ID token carries the profile the web app shows.
    conformIdTokenClaims: false,
    findAccount: (_ctx, subject) => {
      const account = accountBySubject(subject);
      if (!account) return undefined;
      return {
        accountId: account.subject,
        claims: () => ({
          sub: account.subject,
          name: account.name,
          preferred_username: account.username,
          email: account.email,
          email_verified: true,
        }),
      };
    },
    // What the API reads from the access token: who (name) and what they may do (groups → Auth__RolesClaim).
    extraTokenClaims: (_ctx, token) => {
      const account = token.accountId ? accountBySubject(token.accountId) : null;
      return account ? { name: account.name, groups: account.groups } : undefined;
    },
    clientBasedCORS: (_ctx, origin, client) => client.clientId === ClientId && allowed.includes(origin),
    // A browser app renews silently with its refresh token, without asking for offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => accessTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: 24 * 3600,
      RefreshToken: 24 * 3600,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => send(ctx, logoutPage(form, allowed)),
      },
      resourceIndicators: {
        enabled: true,
        // Every token is for the API unless the request names another resource (none exists).
        defaultResource: () => Audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== Audience) throw new errors.InvalidTarget();
          return { scope: '', audience: Audience, accessTokenTTL: accessTtl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The first-party web app needs no consent screen: its grant is made on the spot for what it asked.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (ctx.oidc.client.clientId !== ClientId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ClientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
      for (const indicator of Object.keys(ctx.oidc.resourceServers)) {
        grant.addResourceScope(indicator, [...ctx.oidc.requestParamScopes].join(' '));
      }
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => send(ctx, errorPage(out)),
  };
}

function send(ctx, { html, csp }) {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', csp);
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

/** The login interaction: GET shows the password form, POST checks it and hands the person to the provider. */
function interactions(provider, allowed) {
  const path = /^\/interaction\/([^/]+)(\/login)?$/;
  return async (ctx, next) => {
    const match = path.exec(ctx.path);
    if (!match) return next();
    const [, uid, login] = match;
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) ctx.throw(400, 'Unknown sign-in step.');
    const client = await provider.Client.find(details.params.client_id);
    const clientName = client?.clientName ?? details.params.client_id;

    if (ctx.method === 'GET' && !login) {
      if (details.prompt.name !== 'login') ctx.throw(400, `Unexpected sign-in step: ${details.prompt.name}.`);
      return send(ctx, loginPage({ uid, clientName, formAction: allowed }));
    }
    if (ctx.method === 'POST' && login) {
      const form = new URLSearchParams(await readBody(ctx.req));
      const account = checkPassword(form.get('username'), form.get('password') ?? '');
      if (!account) {
        const error = 'Wrong username or password. Try again.';
        return send(ctx, loginPage({ uid, clientName, username: form.get('username') ?? '', error, formAction: allowed }));
      }
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: account.subject } }, { mergeWithLastSubmission: false });
      ctx.status = 303;
      return ctx.redirect(returnTo);
    }
    ctx.throw(405);
  };
}

async function readBody(req, limit = 16 * 1024) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > limit) throw new Error('Form too large.');
  }
  return body;
}
