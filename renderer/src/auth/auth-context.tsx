import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { HubConnection } from '../../../shared/bridge';
import { forgetStoredToken, immediateHubConnection, resolveHubConnection } from './hub-connection';

export interface AuthValue {
  /** null until resolved, or when there is no token (then the page says how to get one). */
  token: string | null;
  connection: HubConnection | null;
  resolved: boolean;
  /** Fetches a fresh connection (after a 4401 close). */
  refresh(): Promise<string | null>;
  logout(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  // Headless, the token is in the fragment or sessionStorage: known at the first
  // render, so the first API calls do not wait for an extra render.
  const [connection, setConnection] = useState<HubConnection | null>(() => immediateHubConnection(window));
  const [resolved, setResolved] = useState(() => !window.mailmind);

  const refresh = useCallback(async () => {
    const next = await resolveHubConnection(window);
    setConnection(next);
    setResolved(true);
    return next?.token ?? null;
  }, []);

  useEffect(() => {
    if (window.mailmind) void refresh();
  }, [refresh]);

  const logout = useCallback(() => {
    forgetStoredToken(window);
    setConnection(null);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({ token: connection?.token ?? null, connection, resolved, refresh, logout }),
    [connection, resolved, refresh, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
