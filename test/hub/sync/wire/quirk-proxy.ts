// A named fake, for server quirks the real Dovecot cannot be made to send: a proxy in front
// of it that, when the wire fetcher sends a FETCH ("W1 UID FETCH ..."), first sends the
// client the quirk's bytes, then passes the command on. Dovecot's own answer follows them.
import { startInterceptingProxy, type InterceptingProxy } from '../../../support/mail/intercepting-proxy';

/** A proxy to `targetPort` sending `quirk` ahead of the answer to each wire FETCH. */
export function startQuirkProxy(targetPort: number, quirk: string): Promise<InterceptingProxy> {
  return startInterceptingProxy(targetPort, ({ client, upstream }) => (chunk) => {
    // The command has not reached the server: nothing of its answer can come before the quirk.
    if (/^W\d+ (UID )?FETCH /m.test(chunk.toString('latin1'))) client.write(quirk);
    upstream.write(chunk);
  });
}
