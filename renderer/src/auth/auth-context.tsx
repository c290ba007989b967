import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { HubConnection } from '../../../shared/bridge';
import { dropUnsentActions } from '../mail/kept-unsent-actions';
import { endBrowserSession, startBrowserSession } from './browser-session';
import { forgetStoredToken, immediateHubConnection, refreshedHubConnection } from './hub-connection';

export interface AuthValue {
  /** null until resolved, or when there is no token (then the page says how to get one). */
  token: string | null;
  connection: HubConnection | null;
  resolved: boolean;
  /**
   * Fetches a fresh connection after the hub refused the token (a 4401 close, a 401):
   * from the preload bridge, or headless by renewing the page's browser session.
   */
  refresh(): Promise<string | null>;
  logout(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  // Headless, the token is in the fragment or sessionStorage: known at the first
  // render, so the first API calls do not wait for an extra render.
  const [connection, setConnection] = useState<HubConnection | null>(() => immediateHubConnection(window));
  // Headless without a token (a new tab, a bookmark): not resolved until the browser session
  // (the cookie another tab of this browser got) has been asked for one.
  const [resolved, setResolved] = useState(() => !window.mailmind && connection !== null);
  const token = connection?.token ?? null;

  const refresh = useCallback(async () => {
    const next = await refreshedHubConnection(window);
    setConnection(next);
    setResolved(true);
    return next?.token ?? null;
  }, []);

  /** Set by logout: a sign-in on its way must not undo it. */
  const loggedOut = useRef(false);
  /** The connection now (the sign-in below stops once the page has one, from the address too). */
  const current = useRef(connection);
  current.current = connection;

  useEffect(() => {
    // Inside Electron, the bridge's connection.
    if (window.mailmind) {
      void refresh();
      return undefined;
    }
    if (connection !== null) return undefined;
    // Headless and without a token: the browser session's, as a second Gmail tab signs in by
    // itself; asked again while it cannot answer (a bookmark opened before the hub started), 1 s,
    // 2 s, 4 s... up to 30 s apart, until a token comes. From the start only: not after a logout.
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async (tries: number): Promise<void> => {
      if (current.current) return;
      const next = await refreshedHubConnection(window);
      if (stopped || loggedOut.current || current.current) return;
      setResolved(true);
      if (next) setConnection(next);
      else timer = setTimeout(() => void attempt(tries + 1), Math.min(30_000, 1000 * 2 ** tries));
    };
    void attempt(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  useEffect(() => {
    // The printed address pasted into a tab that has the app open: only the fragment changes,
    // and the browser does not load the page again.
    if (window.mailmind) return undefined;
    const onHashChange = (): void => {
      if (!/[#&]token=/.test(window.location.hash)) return;
      const next = immediateHubConnection(window);
      if (next) {
        setConnection(next);
        setResolved(true);
      }
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    // Headless: every token the page takes (from the address, or renewed) gets the
    // session cookie that renews it after a hub restart. The app has its bridge instead.
    if (window.mailmind || !token) return;
    void startBrowserSession(window.location.origin, token).then((started) => {
      if (!started) console.warn('the hub set no browser session for this page; after a hub restart, open its address again');
    });
  }, [token]);

  const logout = useCallback(() => {
    loggedOut.current = true;
    forgetStoredToken(window);
    // Nothing the user did before logging out is sent after it, by this page or the next.
    dropUnsentActions();
    if (!window.mailmind) void endBrowserSession(window.location.origin);
    setConnection(null);
  }, []);

  const value = useMemo<AuthValue>(
    () => ({ token, connection, resolved, refresh, logout }),
    [token, connection, resolved, refresh, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
