// The standard client socket lifecycle as a thin React hook: connect with the
// token from the auth context, keep the socket in a ref, reconnect with capped
// exponential backoff and jitter on unexpected close, and clean up on unmount
// or logout (close 1000, clear timers, no state updates afterwards).
import { useEffect, useRef } from 'react';
import { CloseCode, parseHubEvent } from '../../../shared/protocol';
import { useAuth } from '../auth/auth-context';
import { dispatchHubEvent, setSocketState } from '../stores/hub-store';

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** Full jitter: a random delay up to the capped exponential step. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function socketUrl(wsUrl: string, token: string): string {
  const url = new URL(wsUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

export function useHubSocket(): void {
  const { token, connection, refresh } = useAuth();
  const wsRef = useRef<WebSocket | null>(null);
  const retryTimeoutRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;

  useEffect(() => {
    if (!token || !connection) {
      setSocketState('idle');
      return undefined;
    }
    let isActive = true;
    let attempt = 0;
    const wsUrl = connection.wsUrl;

    const clearRetry = (): void => {
      if (retryTimeoutRef.current !== null) clearTimeout(retryTimeoutRef.current);
      retryTimeoutRef.current = null;
    };

    const scheduleReconnect = (): void => {
      clearRetry();
      const delay = reconnectDelay(attempt);
      attempt += 1;
      retryTimeoutRef.current = setTimeout(connect, delay);
    };

    function connect(): void {
      const current = tokenRef.current;
      if (!isActive || !current) return;
      const existing = wsRef.current;
      if (existing && (existing.readyState === WebSocket.CONNECTING || existing.readyState === WebSocket.OPEN)) return;
      setSocketState(attempt === 0 ? 'connecting' : 'reconnecting');
      const ws = new WebSocket(socketUrl(wsUrl, current));
      wsRef.current = ws;

      ws.onopen = () => {
        if (!isActive) return;
        clearRetry();
        attempt = 0;
        setSocketState('open');
      };
      ws.onmessage = (message: MessageEvent) => {
        if (!isActive || typeof message.data !== 'string') return;
        const event = parseHubEvent(message.data);
        if (event) dispatchHubEvent(event);
        else console.warn('ignored a malformed hub event');
      };
      ws.onerror = () => {
        if (!isActive) return;
        console.warn('hub socket error');
        setSocketState('reconnecting', 'Connection error');
      };
      ws.onclose = (close: CloseEvent) => {
        if (wsRef.current === ws) wsRef.current = null;
        if (!isActive) return;
        if (close.code === CloseCode.normal) {
          setSocketState('closed');
          return;
        }
        setSocketState('reconnecting', close.reason || `Closed (${close.code})`);
        if (close.code === CloseCode.tokenInvalid) {
          // The token changed: get a fresh one; the effect reruns with it.
          void refresh();
          return;
        }
        scheduleReconnect();
      };
    }

    connect();

    return () => {
      isActive = false;
      clearRetry();
      const ws = wsRef.current;
      wsRef.current = null;
      if (ws && (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN)) ws.close(CloseCode.normal, 'Client closed');
    };
  }, [token, connection, refresh]);
}
