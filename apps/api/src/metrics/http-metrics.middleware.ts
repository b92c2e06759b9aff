import type { NextFunction, Request, Response } from 'express';
import { routeOf } from '../logging/logging.module.js';
import type { Metrics } from '#libs/runtime/metrics/metrics';

/** Times every request, refusals by the hardening middleware included, by route template and status. */
export function httpMetrics(metrics: Metrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    response.once('finish', () => {
      metrics.httpDuration.observe(
        { method: request.method, route: routeOf(request), status: String(response.statusCode) },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    });
    next();
  };
}
