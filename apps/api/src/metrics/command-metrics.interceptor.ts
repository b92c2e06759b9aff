import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_KEY } from '../auth/auth.decorators.js';
import type { Request } from 'express';
import { tap, type Observable } from 'rxjs';
import { toProblem } from '../http/problem.filter.js';
import { METRICS, type Metrics } from './metrics.js';

/**
 * Counts every command (a POST handled by a controller) by type and outcome; a rejection carries its
 * problem code (`no_passed_exam`, `invalid_input`, ...). Refusals before the handler (401, 403, 429,
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
    if (context.getType() !== 'http' || context.switchToHttp().getRequest<Request>().method !== 'POST') return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return next.handle();
    const command = `${context.getClass().name.replace(/Controller$/, '')}.${context.getHandler().name}`;
    return next.handle().pipe(
      tap({
        next: () => this.metrics.commands.inc({ command, outcome: 'accepted', code: '' }),
        error: (error: unknown) => this.metrics.commands.inc({ command, outcome: 'rejected', code: toProblem(error).code }),
      }),
    );
  }
}
