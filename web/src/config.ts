export interface AppConfig {
  /** Prefix of every API path, instead of the same-origin "/api". */
  apiBase: string;
}

export const defaultConfig: AppConfig = { apiBase: '/api' };

/**
 * Reads config.json beside index.html (the deploy may write one); anything missing or unreadable keeps the
 * same-origin default, so a broken file never stops the app.
 */
export async function loadConfig(fetchImpl: typeof fetch = (input, init) => fetch(input, init)): Promise<AppConfig> {
  try {
    const response = await fetchImpl(`${import.meta.env.BASE_URL}config.json`, { cache: 'no-cache' });
    if (!response.ok) return defaultConfig;
    const body: unknown = await response.json();
    const apiBase = (body as { apiBase?: unknown } | null)?.apiBase;
    return typeof apiBase === 'string' && apiBase.trim() ? { apiBase: apiBase.trim() } : defaultConfig;
  } catch {
    return defaultConfig;
  }
}
