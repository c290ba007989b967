// The standard client socket lifecycle as a thin React hook over socket-client.ts:
// connect with the token from the auth context, keep the socket in a ref, reconnect
// with capped exponential backoff and jitter on an unexpected close, get a fresh
// token on 4401, and clean up on unmount or logout (close 1000, clear the timer,
// no state updates afterwards).
import { useEffect, useRef } from 'react';
import { CloseCode } from '../../../shared/protocol';
import { useAuth } from '../auth/auth-context';
import { markReconnecting, setSessionEnded, setSocketState, socketOpened } from '../stores/hub-store';
import { decideOnClose, handleFrame, isTokenRefused, reconnectDelay, socketUrl } from './socket-client';

export { reconnectDelay, socketUrl } from './socket-client';

function isLive(ws: WebSocket | null): ws is WebSocket {
  return ws !== null && (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN);
}

export function useHubSocket(): void {
  const { token, connection, refresh } = useAuth();
  const wsRef = useRef<WebSocket | null>(null);
  const retryTimeoutRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Read again inside connect(): a retry uses the token and URL of that moment.
  const tokenRef = useRef(token);
  const wsUrlRef = useRef(connection?.wsUrl ?? null);
  const apiUrlRef = useRef(connection?.apiUrl ?? null);
  const refreshRef = useRef(refresh);
  tokenRef.current = token;
  wsUrlRef.current = connection?.wsUrl ?? null;
  apiUrlRef.current = connection?.apiUrl ?? null;
  refreshRef.current = refresh;

  useEffect(() => {
    if (!token) {
      if (retryTimeoutRef.current !== null) clearTimeout(retryTimeoutRef.current);
      retryTimeoutRef.current = null;
      if (isLive(wsRef.current)) wsRef.current.close(CloseCode.normal, 'Signed out');
      wsRef.current = null;
      setSocketState('idle');
      return undefined;
    }
    let isActive = true;
    let attempt = 0;

    const clearRetry = (): void => {
      if (retryTimeoutRef.current !== null) clearTimeout(retryTimeoutRef.current);
      retryTimeoutRef.current = null;
    };

    const scheduleReconnect = (): void => {
      clearRetry();
      const delay = reconnectDelay(attempt);
      attempt += 1;
      retryTimeoutRef.current = setTimeout(() => {
        retryTimeoutRef.current = null;
        connect();
      }, delay);
    };

    const connect = (): void => {
      const current = tokenRef.current;
      const wsUrl = wsUrlRef.current;
      if (!isActive || !current || !wsUrl) return;
      if (isLive(wsRef.current)) return; // never a second socket
      if (attempt === 0) setSocketState('connecting');
      else markReconnecting();
      const ws = new WebSocket(socketUrl(wsUrl, current));
      wsRef.current = ws;

      let heard = false;
      ws.onopen = () => {
        if (!isActive) return;
        clearRetry();
        socketOpened();
      };
      ws.onmessage = (message: MessageEvent) => {
        if (!isActive) return;
        // The backoff starts over once the hub has spoken (hub.ready comes first), not
        // on open: a server that accepts and at once closes must not be retried in a loop.
        if (!heard) {
          heard = true;
          attempt = 0;
        }
        handleFrame(message.data); // a malformed frame is dropped (with a warning), the socket stays
      };
      ws.onerror = () => {
        if (!isActive) return;
        console.warn('hub socket error');
        markReconnecting('Connection error');
      };
      ws.onclose = (close: CloseEvent) => {
        if (wsRef.current === ws) wsRef.current = null;
        if (!isActive) return;
        const decision = decideOnClose(close.code);
        if (decision === 'stop') {
          setSocketState('closed', close.reason || null);
          return;
        }
        markReconnecting(close.reason || `Connection lost (${close.code})`);
        if (decision === 'refresh-token') {
          // A new token changes `token` and this effect runs again with it; the same
          // token (nothing fresher to be had) is retried with backoff.
          refreshRef.current().then(
            (fresh) => {
              if (isActive && (!fresh || fresh === current)) scheduleReconnect();
            },
            () => {
              if (isActive) scheduleReconnect();
            },
          );
          return;
        }
        // Still failing after a few tries: a hub that restarted refuses the old token
        // (an HTTP 401 the browser hides). Ask the API, and look for a fresh token: a
        // fresh one changes `token` and this effect runs again with it; with none to be
        // had (no bridge, no browser session) the page's session has ended.
        const apiUrl = apiUrlRef.current;
        if (attempt >= 2 && apiUrl) {
          void isTokenRefused(apiUrl, current).then(async (refused) => {
            if (!isActive || !refused) return;
            const fresh = await refreshRef.current().catch(() => null);
            if (isActive && (!fresh || fresh === current)) setSessionEnded(true);
          });
        }
        scheduleReconnect();
      };
    };

    connect();

    return () => {
      isActive = false;
      clearRetry();
      const ws = wsRef.current;
      wsRef.current = null;
      if (isLive(ws)) ws.close(CloseCode.normal, 'Client closed');
    };
  }, [token]);
}
