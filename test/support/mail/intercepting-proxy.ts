// The plumbing of the named fakes in this folder: a TCP proxy in front of a real Dovecot that
// hands each chunk the client sends to `onConnection`'s handler, which decides what reaches the
// server, and passes the server's bytes through untouched, or through `onServerData`'s handler
// when given (the server is not read while that handler's promise is pending).
import net from 'node:net';

export interface ProxyConnection {
  client: net.Socket;
  upstream: net.Socket;
}

export interface InterceptingProxy {
  readonly port: number;
  close(): Promise<void>;
}

/** `onConnection` runs once per client connection and returns that connection's handler of client bytes. */
export async function startInterceptingProxy(
  targetPort: number,
  onConnection: (connection: ProxyConnection) => (chunk: Buffer) => void,
  onServerData?: (connection: ProxyConnection) => (chunk: Buffer) => Promise<void>,
): Promise<InterceptingProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    if (onServerData) relayThrough(upstream, onServerData({ client, upstream }));
    else upstream.pipe(client);
    client.on('data', onConnection({ client, upstream }));
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Hands the server's chunks to `handle` one at a time, in order, not reading on while one is handled. */
function relayThrough(upstream: net.Socket, handle: (chunk: Buffer) => Promise<void>): void {
  let chain = Promise.resolve();
  upstream.on('data', (chunk: Buffer) => {
    upstream.pause();
    chain = chain
      .then(() => handle(chunk))
      .catch(() => undefined)
      .finally(() => upstream.resume());
  });
}
