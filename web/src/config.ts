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
    // A plain fetch, so index.html's <link rel="preload"> (fetched beside the script) answers it; the servers send
    // config.json with Cache-Control: no-cache (SiteHosting, the Pulumi site), so a deploy still shows at once.
    const response = await fetchImpl(`${import.meta.env.BASE_URL}config.json`);
    if (!response.ok) return defaultConfig;
    const body: unknown = await response.json();
    const apiBase = (body as { apiBase?: unknown } | null)?.apiBase;
    return typeof apiBase === 'string' && apiBase.trim() ? { apiBase: apiBase.trim() } : defaultConfig;
  } catch {
    return defaultConfig;
  }
}
