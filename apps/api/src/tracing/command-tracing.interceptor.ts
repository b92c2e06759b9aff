import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { toProblem } from '../http/problem.filter.js';
import { commandOf } from '../metrics/command-name.js';
import { TRACING, type Tracing } from '#libs/runtime';

/**
 * Installed only when traces are on: a span per command (`command Workers.enrol`), a child of the
 * request's, with the command's type and outcome (`accepted`, or `rejected` and the problem code). The
 * handler runs inside it, so the event-store append is its child. A rejection is an outcome, not a
 * fault: the span's status stays unset, as the request span's does for a 4xx.
 */
@Injectable()
export class CommandTracingInterceptor implements NestInterceptor {
  constructor(
    @Inject(TRACING) private readonly tracing: Tracing,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const command = commandOf(context, this.reflector);
    if (command === undefined) return next.handle();
    const outcome = this.tracing.inSpan(`command ${command}`, { 'command.type': command }, async (span) => {
      try {
        const answer = await lastValueFrom(next.handle(), { defaultValue: undefined });
        span.set({ 'command.outcome': 'accepted' });
        return { answer };
      } catch (error) {
        const problem = toProblem(error);
        span.set({ 'command.outcome': 'rejected', 'command.rejection_code': problem.code, 'http.response.status_code': problem.status });
        return { error };
      }
    });
    return from(
      outcome.then((settled) => {
        if ('error' in settled) throw settled.error;
        return settled.answer;
      }),
    );
  }
}
