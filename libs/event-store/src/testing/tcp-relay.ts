import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP relay to the server that can refuse connections (as a stopped server does) and accept them again. */
export const relay = async (target: URL): Promise<{ url: string; refuse(): Promise<void>; accept(): Promise<void>; close(): Promise<void> }> => {
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const refuse = async () => {
    // close() waits for open connections: cut them first, as a stopped server does.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  await listen();
  const relayed = new URL(target.href);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(port);
  return { url: relayed.href, refuse, accept: listen, close: refuse };
};
