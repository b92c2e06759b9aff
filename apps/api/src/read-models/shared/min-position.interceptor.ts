import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { invalidInput, ProblemError } from '#libs/runtime';
import type { PositionWaiter } from './position-waiter.js';

export const POSITION_WAITER = Symbol('POSITION_WAITER');
export const MIN_POSITION_TIMEOUT_MS = 5000;

/**
 * `X-Min-Position: <position>` on a GET: answer only once every read model has applied that
 * position (a client reads its own write), or 503 with `Retry-After` after 5 s.
 */
@Injectable()
export class MinPositionInterceptor implements NestInterceptor {
  constructor(@Inject(POSITION_WAITER) private readonly waiter: PositionWaiter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers['x-min-position'];
    if (request.method !== 'GET' || header === undefined) return next.handle();
    if (typeof header !== 'string' || !/^\d{1,20}$/.test(header.trim())) {
      throw invalidInput([{ path: 'X-Min-Position', message: 'X-Min-Position must be an event position (a decimal integer)' }]);
    }
    if (!(await this.waiter.waitFor(BigInt(header.trim()), MIN_POSITION_TIMEOUT_MS))) {
      throw new ProblemError(503, 'read_models_behind', `The read models have not applied position ${header.trim()} yet; retry shortly.`, undefined, { 'Retry-After': '1' });
    }
    return next.handle();
  }
}
