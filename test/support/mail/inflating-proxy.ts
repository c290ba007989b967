// A named fake, for a server that lies about a message's size, which the real Dovecot cannot be
// made to do: a proxy in front of it that replaces the first whole-message literal it sends
// (`BODY[] {n}`) with one of `bytes` bytes, then passes the rest of the answer on.
import type net from 'node:net';
import { startInterceptingProxy, type InterceptingProxy } from './intercepting-proxy';

const LITERAL = /BODY\[\] \{(\d+)\}\r\n/;

/** A proxy to `targetPort` whose first `BODY[]` literal is `bytes` bytes of "A" instead of the message. */
export async function startInflatingProxy(targetPort: number, bytes: number): Promise<InterceptingProxy> {
  let inflated = false;
  return startInterceptingProxy(
    targetPort,
    ({ upstream }) =>
      (chunk) =>
        void upstream.write(chunk),
    ({ client }) => {
      /** Bytes of the real literal still to drop. */
      let skipping = 0;
      return async (chunk: Buffer): Promise<void> => {
        if (skipping > 0) {
          const dropped = Math.min(skipping, chunk.length);
          skipping -= dropped;
          chunk = chunk.subarray(dropped);
        }
        const found = inflated ? null : LITERAL.exec(chunk.toString('latin1'));
        if (!found) return void (await writeAll(client, chunk));
        inflated = true;
        await writeAll(client, Buffer.concat([chunk.subarray(0, found.index), Buffer.from(`BODY[] {${bytes}}\r\n`)]));
        const piece = Buffer.alloc(1024 * 1024, 0x41);
        for (let sent = 0; sent < bytes && !client.destroyed; sent += piece.length) await writeAll(client, piece.subarray(0, Math.min(piece.length, bytes - sent)));
        const rest = chunk.subarray(found.index + found[0].length);
        const real = Number(found[1]);
        skipping = Math.max(0, real - rest.length);
        await writeAll(client, rest.subarray(Math.min(real, rest.length)));
      };
    },
  );
}

function writeAll(socket: net.Socket, bytes: Buffer): Promise<void> {
  if (bytes.length === 0 || socket.destroyed || socket.write(bytes)) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('drain', resolve);
    socket.once('close', resolve);
  });
}
