// The socket layer's consumer: what happens to an authenticated WebSocket
// between connect and close. Authentication already happened in the upgrade
// handler; the principal is checked again here so that a wiring mistake closes
// the socket instead of leaking events.
import type { RawData, WebSocket } from 'ws';
import { CloseCode, parseClientFrame, userEventsGroup, type ClientFrame, type HubEvent, type HubReadyPayload } from '../../../shared/protocol';
import { assertNever } from '../../../shared/assert-never';
import type { EventHub, EventReceiver } from '../events/event-hub';
import type { Logger } from '../logger';
import { forwardEvent } from './event-forwarders';
import type { Principal } from './session-auth';

/** A socket whose unsent data exceeds this is too slow to keep: it is closed and will refetch. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface SocketConsumerOptions {
  events: EventHub;
  logger: Logger;
  hubInfo(): HubReadyPayload;
}

export interface SocketConsumer {
  connect(socket: WebSocket, principal: Principal | null, connectionId: number): void;
}

// One event fans out to every socket of a group: serialize it once, not once per socket.
const serialized = new WeakMap<HubEvent, string>();

function send(socket: WebSocket, event: HubEvent): void {
  let text = serialized.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    serialized.set(event, text);
  }
  socket.send(text);
}

/** Creates the consumer that joins sockets to their profile's event group. */
export function createSocketConsumer({ events, logger, hubInfo }: SocketConsumerOptions): SocketConsumer {
  return {
    connect(socket, principal, connectionId) {
      if (!principal) {
        socket.on('error', () => socket.terminate());
        logger.error('socket without principal closed', { connectionId });
        socket.close(CloseCode.tokenInvalid, 'Not authenticated');
        return;
      }

      const group = userEventsGroup(principal.profile);
      const receiver: EventReceiver = {
        receive(event) {
          if (socket.readyState !== socket.OPEN) return;
          const forwarded = forwardEvent(event, principal);
          if (forwarded) deliver(forwarded);
        },
      };

      let member = true;
      /** Leaves the group at once when the hub decides to close, not only on the 'close' event. */
      const leave = (): void => {
        if (!member) return;
        member = false;
        events.groupDiscard(group, receiver);
      };
      const closeWith = (code: number, reason: string): void => {
        leave();
        socket.close(code, reason);
      };

      /**
       * Sends unless the peer is too slow: its unsent data over the limit closes it. Replies to its
       * own frames count too: a client that sends requests and never reads the answers made the
       * hub buffer them without limit (4 GB in 40 s).
       */
      const deliver = (event: HubEvent): void => {
        if (!member) return;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
          logger.warn('slow socket closed', { connectionId, buffered: socket.bufferedAmount });
          closeWith(CloseCode.tryAgainLater, 'Too slow');
          return;
        }
        send(socket, event);
      };

      const handleFrame = (frame: ClientFrame): void => {
        switch (frame.type) {
          case 'hub.status.request':
            deliver({ type: 'hub.ready', payload: hubInfo() });
            return;
          default:
            assertNever(frame.type, 'client frame');
        }
      };

      socket.on('message', (data: RawData, isBinary: boolean) => {
        // Closing already: frames still arriving are dropped unread. Each one used to log a line
        // and close again, so a client flooding bad frames wrote the log at 16 MB/s.
        if (!member) return;
        const frame = isBinary ? null : parseClientFrame(rawText(data));
        if (!frame) {
          // Log the fact and the size only: frame content may be anything.
          logger.warn('invalid client frame; socket closed', { connectionId, bytes: rawLength(data), binary: isBinary });
          closeWith(CloseCode.policyViolation, 'Invalid frame');
          return;
        }
        handleFrame(frame);
      });

      // ws emits 'error' for protocol violations (e.g. a frame over maxPayload,
      // which it answers with 1009) and then closes the socket itself; without a
      // listener the error would be thrown.
      socket.on('error', (error: Error & { code?: string }) => {
        leave();
        logger.warn('socket error', { connectionId, code: error.code ?? 'unknown' });
      });

      socket.on('close', (code: number) => {
        leave();
        logger.debug('socket closed', { connectionId, code });
      });

      events.groupAdd(group, receiver);
      send(socket, { type: 'hub.ready', payload: hubInfo() });
      logger.debug('socket connected', { connectionId });
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}
