// The API client for the current hub connection, from the auth context.
import { createContext, useContext, useMemo, useRef, type ReactNode } from 'react';
import { useAuth } from '../auth/auth-context';
import { createApiClient, type ApiClient } from './api-client';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ children }: { children: ReactNode }) {
  const { connection } = useAuth();
  const tokenRef = useRef<string | null>(null);
  tokenRef.current = connection?.token ?? null;
  const apiUrl = connection?.apiUrl ?? null;
  const client = useMemo(() => (apiUrl ? createApiClient(apiUrl, () => tokenRef.current) : null), [apiUrl]);
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

/** The API client, or null before the connection is known. */
export function useApi(): ApiClient | null {
  return useContext(ApiContext);
}
