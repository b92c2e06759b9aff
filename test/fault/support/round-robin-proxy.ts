import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin HTTP proxy in front of several api processes, as nginx's `upstream` with its defaults
 * would be: each request goes to the next upstream; one that refuses the connection is skipped (the
 * request never reached it) and the next one tried; one that fails after the request was sent is
 * answered 502 (a command may or may not have been applied: the client decides, with its
 * Idempotency-Key). Each answer names the upstream that gave it in `X-Upstream`, and the proxy counts
 * them.
 */
export class RoundRobinProxy {
  /** Answers per upstream (by index), and 502s given for an upstream that failed mid-request. */
  readonly answered: number[];
  readonly failed: number[];
  /** Requests sent to each upstream and not yet answered (a kill that strikes while one is, strikes mid-request). */
  readonly inFlight: number[];
  private next = 0;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  private constructor(
    private readonly server: http.Server,
    private readonly upstreams: readonly string[],
  ) {
    this.answered = upstreams.map(() => 0);
    this.failed = upstreams.map(() => 0);
    this.inFlight = upstreams.map(() => 0);
  }

  /** Listens on a free loopback port in front of `upstreams` (base URLs such as `http://127.0.0.1:3001`). */
  static async start(upstreams: readonly string[]): Promise<RoundRobinProxy> {
    const server = http.createServer();
    const proxy = new RoundRobinProxy(server, upstreams);
    server.on('request', (request, response) => void proxy.forward(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private async forward(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const first = this.next++ % this.upstreams.length;
    for (let tried = 0; tried < this.upstreams.length; tried++) {
      const index = (first + tried) % this.upstreams.length;
      const outcome = await this.send(index, request, body, response);
      if (outcome !== 'refused') return;
    }
    response.writeHead(502, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 502, title: 'No upstream accepted the connection' }));
  }

  /** One try at upstream `index`: `refused` when the connection could not be made (nothing was sent). */
  private send(index: number, request: http.IncomingMessage, body: Buffer, response: http.ServerResponse): Promise<'answered' | 'failed' | 'refused'> {
    const target = new URL(request.url ?? '/', this.upstreams[index]);
    const { connection: _connection, 'keep-alive': _keepAlive, 'transfer-encoding': _encoding, ...forwarded } = request.headers;
    let counted = false;
    const sent = new Promise<'answered' | 'failed' | 'refused'>((resolve) => {
      let connected = false;
      const connectedNow = (): void => {
        connected = true;
        counted = true;
        this.inFlight[index]!++;
      };
      const upstream = http.request(
        target,
        { method: request.method, headers: { ...forwarded, host: target.host, 'content-length': String(body.length) }, agent: this.agent },
        (answer) => {
          const { connection: _c, 'keep-alive': _k, ...headers } = answer.headers;
          headers['x-upstream'] = String(index);
          response.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(response);
          answer.on('end', () => {
            this.answered[index]!++;
            resolve('answered');
          });
          answer.on('error', () => {
            this.failed[index]!++;
            response.destroy();
            resolve('failed');
          });
        },
      );
      upstream.on('socket', (socket) => {
        // A reused keep-alive connection is connected already; a new one once `connect` fires.
        if (!socket.connecting) connectedNow();
        else socket.once('connect', connectedNow);
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (!connected && error.code === 'ECONNREFUSED') return resolve('refused');
        this.failed[index]!++;
        if (!response.headersSent) {
          response.writeHead(502, { 'content-type': 'application/problem+json', 'x-upstream': String(index) }).end(JSON.stringify({ status: 502, title: 'The upstream failed before it answered' }));
        } else response.destroy();
        resolve('failed');
      });
      upstream.end(body);
    });
    void sent.then(() => {
      if (counted) this.inFlight[index]!--;
    });
    return sent;
  }
}
