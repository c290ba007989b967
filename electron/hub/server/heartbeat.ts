// Ping every interval; a peer that has not answered the previous ping is
// terminated (half-open TCP connections never emit 'close' by themselves).
import type { WebSocket, WebSocketServer } from 'ws';

const alive = new WeakSet<WebSocket>();

export interface Heartbeat {
  track(socket: WebSocket): void;
  stop(): void;
}

/** Starts the ping/pong heartbeat over all of `server`'s clients. */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): Heartbeat {
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();

  return {
    track(socket) {
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
    },
    stop: () => clearInterval(timer),
  };
}
