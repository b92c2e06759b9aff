import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators.js';
import { APP_CONFIG, type AppConfig, forbidden, metricsAccess, unauthorized } from '#libs/runtime';
import { METRICS, type Metrics } from '#libs/runtime/metrics/metrics';

/**
 * `GET /metrics` in Prometheus text format. With `METRICS_TOKEN` set, only a scraper sending
 * `Authorization: Bearer <METRICS_TOKEN>` is answered; without it, only a scraper on the server's own
 * machine talking to it directly (loopback peer, no forwarding header, `TRUST_PROXY_HOPS=0`).
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Req() request: Request, @Res() response: Response): Promise<void> {
    const access = metricsAccess(this.config.metricsToken, {
      authorization: request.header('authorization'),
      peerAddress: request.socket.remoteAddress,
      headers: request.headers,
      proxyHops: this.config.security.trustProxyHops,
    });
    if (access === 'unauthorized') throw unauthorized('GET /metrics needs the metrics token.');
    if (access === 'forbidden') throw forbidden('GET /metrics answers only on the server itself unless METRICS_TOKEN is set.');
    response.setHeader('Content-Type', this.metrics.registry.contentType);
    response.send(await this.metrics.registry.metrics());
  }
}
