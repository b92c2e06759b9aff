import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { tap, type Observable } from 'rxjs';
import type { Response } from 'express';
import { toProblem } from '../http/problem.filter.js';
import { REPLAYED } from '../http/respond.js';
import { commandOf } from './command-name.js';
import { METRICS, type Metrics } from '#libs/runtime/metrics/metrics';

/**
 * Counts every command (a POST handled by a controller) by type and outcome; a rejection carries its
 * problem code (`no_passed_exam`, `invalid_input`, ...). A retry answered from its `Idempotency-Key`
 * appended nothing: it is `replayed`, not a second `accepted`. Refusals before the handler (401, 403, 429,
 * 415) are in `http_request_duration_seconds` by status. A public POST (the dashboard's dev sign-in) is
 * not a command: it records nothing, and is counted by `http_request_duration_seconds` alone.
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const command = commandOf(context, this.reflector);
    if (command === undefined) return next.handle();
    return next.handle().pipe(
      tap({
        next: () => {
          const replayed = context.switchToHttp().getResponse<Response>().locals?.[REPLAYED] === true;
          this.metrics.commands.inc({ command, outcome: replayed ? 'replayed' : 'accepted', code: '' });
        },
        error: (error: unknown) => this.metrics.commands.inc({ command, outcome: 'rejected', code: toProblem(error).code }),
      }),
    );
  }
}
