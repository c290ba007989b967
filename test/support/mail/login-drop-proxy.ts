// A hand-written fake, named as such: a TCP proxy in front of a real Dovecot that cuts every
// connection once the client, logged in and set up, sends its first LIST or SELECT. Dovecot
// cannot be made to accept a login and then drop the session each time (a crash loop, a load
// balancer that kills sessions); everything else on the wire is the real server's.
import { startInterceptingProxy } from './intercepting-proxy';

export interface LoginDropProxy {
  readonly port: number;
  /** Connections the proxy cut after their login. */
  readonly dropped: number;
  /** From now on, forwards connections untouched (the server "recovers"). */
  heal(): void;
  close(): Promise<void>;
}

/** The first command of a session's work, after the login and the client's setup (ID, ENABLE...). */
const FIRST_WORK = /^\S+ (LIST|SELECT|EXAMINE) /m;

export async function startLoginDropProxy(targetPort: number): Promise<LoginDropProxy> {
  let healed = false;
  let dropped = 0;
  const proxy = await startInterceptingProxy(targetPort, ({ client, upstream }) => {
    const cutting = !healed;
    return (chunk) => {
      if (cutting && FIRST_WORK.test(chunk.toString('latin1'))) {
        dropped += 1;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    };
  });
  return {
    port: proxy.port,
    get dropped() {
      return dropped;
    },
    heal() {
      healed = true;
    },
    close: () => proxy.close(),
  };
}
