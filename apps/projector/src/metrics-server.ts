import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forbidden, metricsAccess, ProblemError, unauthorized } from '#libs/runtime';
import type { ProjectorMetrics } from '#libs/runtime/metrics/metrics';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The projector process's `GET /metrics` (Prometheus text format, prom-client) on a port of its own,
 * guarded as the api's: with `METRICS_TOKEN`, a scraper sending it as a bearer token; without it, only a
 * scraper on the same machine. Any other request is a 404 problem.
 */
export async function serveProjectorMetrics(metrics: ProjectorMetrics, options: { port: number; host?: string; token?: string; proxyHops?: number }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const answer = (problem: ProblemError) => {
      for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
      response.writeHead(problem.status, { 'Content-Type': 'application/problem+json' }).end(JSON.stringify(problem.toBody()));
    };
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) return answer(new ProblemError(404, 'not_found', 'This server answers GET /metrics only.'));
    const access = metricsAccess(options.token, { authorization: request.headers.authorization, peerAddress: request.socket.remoteAddress, headers: request.headers, proxyHops: options.proxyHops ?? 0 });
    if (access === 'unauthorized') return answer(unauthorized('GET /metrics needs the metrics token.'));
    if (access === 'forbidden') return answer(forbidden('GET /metrics answers only on the server itself unless METRICS_TOKEN is set.'));
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => answer(new ProblemError(503, 'metrics_unavailable', 'The metrics could not be collected now.')),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
