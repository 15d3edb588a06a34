import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi needs an <ApiContext.Provider>.');
  return client;
}

/**
 * What the person may change. Sign-in off: everything (the admin key prompt guards writes). Sign-in on: admins only
 * (GET /api/me); readers see the controls disabled with the reason.
 */
export interface Permissions {
  canWrite: boolean;
}

export const PermissionsContext = createContext<Permissions>({ canWrite: true });

export function usePermissions(): Permissions {
  return useContext(PermissionsContext);
}
