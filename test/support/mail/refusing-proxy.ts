// A hand-written fake, named as such: a TCP proxy in front of a real Dovecot that answers the
// client's commands matching a pattern with "NO [UNAVAILABLE]" instead of passing them on.
// Dovecot cannot be made to refuse a UID SEARCH on cue (a backend briefly down, a server
// under load); every other byte on the wire is the real server's.
import { startInterceptingProxy } from './intercepting-proxy';

export interface RefusingProxy {
  readonly port: number;
  /** Commands the proxy refused. */
  readonly refused: number;
  /** From now on, passes every command on (the server "recovers"). */
  heal(): void;
  close(): Promise<void>;
}

export async function startRefusingProxy(targetPort: number, refusedCommand: RegExp): Promise<RefusingProxy> {
  let healed = false;
  let refused = 0;
  const proxy = await startInterceptingProxy(targetPort, ({ client, upstream }) => {
    // Whole command lines only (imapflow writes a command at once; literals wait for '+').
    let partial = '';
    return (chunk) => {
      if (healed) {
        if (partial) upstream.write(Buffer.from(partial, 'latin1'));
        partial = '';
        upstream.write(chunk);
        return;
      }
      partial += chunk.toString('latin1');
      for (let end = partial.indexOf('\r\n'); end >= 0; end = partial.indexOf('\r\n')) {
        const line = partial.slice(0, end + 2);
        partial = partial.slice(end + 2);
        const tag = /^(\S+) /.exec(line)?.[1];
        if (tag && refusedCommand.test(line)) {
          refused += 1;
          client.write(`${tag} NO [UNAVAILABLE] Refused by the test proxy\r\n`);
        } else {
          upstream.write(Buffer.from(line, 'latin1'));
        }
      }
    };
  });
  return {
    port: proxy.port,
    get refused() {
      return refused;
    },
    heal() {
      healed = true;
    },
    close: () => proxy.close(),
  };
}
