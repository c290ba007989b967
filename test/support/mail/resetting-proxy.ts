// A hand-written fake, named as such: a TCP proxy in front of a real Dovecot that, once told to,
// resets (TCP RST) every connection it carries and every new one at the client's first command,
// as a firewall or a NAT that drops its state does. Dovecot closes connections; it cannot be made
// to reset them. Until then, and after heal(), everything on the wire is the real server's.
import type net from 'node:net';
import { startInterceptingProxy } from './intercepting-proxy';

export interface ResettingProxy {
  readonly port: number;
  /** Resets every open connection, and from now on each new one as soon as the client writes. */
  resetAll(): void;
  /** From now on, forwards connections untouched. */
  heal(): void;
  close(): Promise<void>;
}

export async function startResettingProxy(targetPort: number): Promise<ResettingProxy> {
  let resetting = false;
  const open = new Set<net.Socket>();
  const proxy = await startInterceptingProxy(targetPort, ({ client, upstream }) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    return (chunk) => {
      if (!resetting) {
        upstream.write(chunk);
        return;
      }
      client.resetAndDestroy();
      upstream.destroy();
    };
  });
  return {
    port: proxy.port,
    resetAll() {
      resetting = true;
      for (const client of open) client.resetAndDestroy();
    },
    heal() {
      resetting = false;
    },
    close: () => proxy.close(),
  };
}
