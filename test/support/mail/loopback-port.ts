// The loopback address test servers listen on; finding a free port and probing one.
import net from 'node:net';

export const HOST = '127.0.0.1';

/** A port the kernel just handed out on 127.0.0.1; the caller retries if it is taken again. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves 'greeting' when the port answers `* OK` with `greeting` in it (so a stranger
 * that grabbed the port does not pass for our server), 'refused' when nothing listens,
 * else 'other'.
 */
export async function probeImap(port: number, greeting = ''): Promise<'greeting' | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let received = '';
    const finish = (result: 'greeting' | 'refused' | 'other'): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000, () => finish('other'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish(received.startsWith('* OK') && received.includes(greeting) ? 'greeting' : 'other');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
    socket.on('close', () => finish('other'));
  });
}
