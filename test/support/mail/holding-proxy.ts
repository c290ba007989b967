// A hand-written fake, named as such: a TCP proxy in front of a real Dovecot that holds the
// next client command line matching a pattern (and every line the same connection sends after
// it) until the test releases it. Dovecot cannot be made to answer a command late on cue, which
// it takes to have another client change a mailbox at a chosen point of a session; every byte
// that reaches the client is the real server's. What the server sent from the release up to the
// held command's tagged answer is kept, to check what the client was told with that answer.
import { startInterceptingProxy } from './intercepting-proxy';

export interface HeldCommand {
  /** The command line as the client wrote it (without CRLF). */
  line: string;
  /** Whether the command still waits for release(). */
  readonly waiting: boolean;
  /** What the server sent on that connection from the release up to and including the command's tagged answer. */
  answer: Promise<string>;
}

export interface HoldingProxy {
  readonly port: number;
  /** Holds the next command line matching `command` (one only), on whichever connection sends it, until release(). */
  holdNext(command: RegExp): void;
  /** Resolves with the command held since the last holdNext(), once one is. */
  held(): Promise<HeldCommand>;
  /** Passes the held command, and every line its connection queued behind it, on to the server. */
  release(): void;
  close(): Promise<void>;
}

interface Hold {
  command: RegExp;
  /** Set once a line is held: passes it on, with the lines queued behind it. */
  resume: (() => void) | null;
  taken: boolean;
  announce: (held: HeldCommand) => void;
  held: Promise<HeldCommand>;
}

/** Resolves with what `upstream` sends from now up to the tagged answer of `tag`. */
function collectAnswer(upstream: NodeJS.ReadableStream, tag: string): Promise<string> {
  const tagged = new RegExp(`(^|\\r\\n)${tag.replace(/[^A-Za-z0-9]/g, '\\$&')} (OK|NO|BAD)`);
  return new Promise((resolve) => {
    let answer = '';
    const collect = (data: Buffer): void => {
      answer += data.toString('latin1');
      if (!tagged.test(answer)) return;
      upstream.off('data', collect);
      resolve(answer);
    };
    upstream.on('data', collect);
  });
}

export async function startHoldingProxy(targetPort: number): Promise<HoldingProxy> {
  let hold: Hold | null = null;

  const proxy = await startInterceptingProxy(targetPort, ({ upstream }) => {
    // Whole command lines (imapflow writes a command at once; the hub's sync connection sends no
    // literals). Lines behind a held one wait with it: the order on the wire stays.
    let partial = '';
    let queued: string[] | null = null;
    const holdLine = (mine: Hold, line: string): void => {
      const waiting = [line];
      queued = waiting;
      mine.taken = true;
      let answered: (answer: Promise<string>) => void = () => {};
      const answer = new Promise<string>((resolve) => (answered = resolve));
      mine.resume = () => {
        mine.resume = null;
        queued = null;
        answered(collectAnswer(upstream, line.slice(0, line.indexOf(' '))));
        upstream.write(Buffer.from(waiting.join(''), 'latin1'));
      };
      mine.announce({
        line: line.slice(0, -2),
        get waiting() {
          return mine.resume !== null;
        },
        answer,
      });
    };
    return (chunk) => {
      partial += chunk.toString('latin1');
      for (let end = partial.indexOf('\r\n'); end >= 0; end = partial.indexOf('\r\n')) {
        const line = partial.slice(0, end + 2);
        partial = partial.slice(end + 2);
        if (queued) queued.push(line);
        else if (hold && !hold.taken && hold.command.test(line)) holdLine(hold, line);
        else upstream.write(Buffer.from(line, 'latin1'));
      }
    };
  });

  return {
    port: proxy.port,
    holdNext(command) {
      let announce: (held: HeldCommand) => void = () => {};
      const held = new Promise<HeldCommand>((resolve) => (announce = resolve));
      hold = { command, resume: null, taken: false, announce, held };
    },
    held() {
      if (!hold) throw new Error('holdNext() was not called');
      return hold.held;
    },
    release() {
      hold?.resume?.();
    },
    close: () => proxy.close(),
  };
}
