// Ping every interval; a peer that has not answered the previous ping is
// terminated (half-open TCP connections never emit 'close' by themselves).
//
// Only a pong that echoes the ping's payload answers it (RFC 6455 section 5.5.3; browsers
// do). Any pong used to count: a client that never read a byte, sending unsolicited pongs,
// stayed "alive" while the replies it never read piled up in the hub's memory.
import { randomBytes } from 'node:crypto';
import type { WebSocket, WebSocketServer } from 'ws';

/** The payload of each socket's ping not answered yet (none: it answered the last one). */
const awaiting = new WeakMap<WebSocket, Buffer>();

export interface Heartbeat {
  track(socket: WebSocket): void;
  stop(): void;
}

/** Starts the ping/pong heartbeat over all of `server`'s clients. */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): Heartbeat {
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (awaiting.has(socket)) {
        socket.terminate();
        continue;
      }
      const payload = randomBytes(8);
      awaiting.set(socket, payload);
      socket.ping(payload);
    }
  }, intervalMs);
  timer.unref();

  return {
    track(socket) {
      socket.on('pong', (data: Buffer) => {
        const expected = awaiting.get(socket);
        if (expected && data.equals(expected)) awaiting.delete(socket);
      });
    },
    stop: () => clearInterval(timer),
  };
}
