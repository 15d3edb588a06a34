export interface AuthConfig {
  /** The OpenID provider's issuer (discovery at <authority>/.well-known/openid-configuration). */
  authority: string;
  /** The web app's public client id. */
  clientId: string;
  scope: string;
  /** The provider's logout URL when its discovery has no end_session_endpoint (Cognito's /logout). */
  signOutUrl: string | null;
}

export interface AppConfig {
  /** Prefix of every API path, instead of the same-origin "/api". */
  apiBase: string;
  /** Sign-in settings; null when the API has sign-in off (then the app works as before, with a viewer id). */
  auth: AuthConfig | null;
}

export const defaultConfig: AppConfig = { apiBase: '/api', auth: null };
export const DefaultScope = 'openid profile email';

/**
 * Reads config.json beside index.html (the API or the deploy writes one); anything missing or unreadable keeps the
 * same-origin default, so a broken file never stops the app.
 */
export async function loadConfig(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Promise<AppConfig> {
  try {
    // A plain fetch, so index.html's <link rel="preload"> (fetched beside the script) answers it; the servers send
    // config.json with Cache-Control: no-cache (SiteHosting, the Pulumi site), so a deploy still shows at once.
    const response = await fetchImpl(`${import.meta.env.BASE_URL}config.json`);
    if (!response.ok) return defaultConfig;
    return parseConfig(await response.json());
  } catch {
    return defaultConfig;
  }
}

export function parseConfig(body: unknown): AppConfig {
  if (!isObject(body)) return defaultConfig;
  const apiBase = typeof body.apiBase === 'string' && body.apiBase.trim() ? body.apiBase.trim() : defaultConfig.apiBase;
  return { apiBase, auth: parseAuth(body.auth) };
}

/**
 * The `auth` block, or null when there is none. An authority that is not an http(s) URL or a missing client id leaves
 * sign-in off here too: the API then refuses the calls (401) and the page says so, rather than sending people to a
 * provider that cannot answer.
 */
export function parseAuth(value: unknown): AuthConfig | null {
  if (!isObject(value)) return null;
  const authority = httpUrl(value.authority);
  const clientId = typeof value.clientId === 'string' ? value.clientId.trim() : '';
  if (!authority || !clientId) return null;
  const scope = typeof value.scope === 'string' && value.scope.trim() ? value.scope.trim().split(/\s+/).join(' ') : DefaultScope;
  return { authority, clientId, scope, signOutUrl: httpUrl(value.signOutUrl) };
}

function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? value.trim().replace(/\/+$/, '') : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
