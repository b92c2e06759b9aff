import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError } from '#libs/event-store';
import { ReadStoreUnavailableError } from '#libs/read-store';
import { ProblemError } from '#libs/runtime';
import { writeProblem } from './security/send-problem.js';

/** Maps every error to problem+json once. Anything unexpected is a 500 whose detail says nothing of the input. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = toProblem(exception);
    if (problem.status >= 500 && problem.status !== 503) {
      // The message of an unexpected error may quote input; log its type and stack frames only.
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${error.name}: unexpected error`, error.stack?.split('\n').slice(1, 6).join('\n'));
    }
    if (response.headersSent) return;
    writeProblem(response, problem);
  }
}

export function toProblem(exception: unknown): ProblemError {
  if (exception instanceof ProblemError) return exception;
  if (exception instanceof WrongExpectedRevisionError) {
    return new ProblemError(409, 'concurrent_change', 'The resource was changed by someone else; read it again and retry.');
  }
  if (exception instanceof StoreUnavailableError) {
    return new ProblemError(503, 'store_unavailable', 'The event store cannot write right now; nothing was recorded. Retry later.', undefined, {
      'Retry-After': '5',
    });
  }
  if (exception instanceof ReadStoreUnavailableError) {
    return new ProblemError(503, 'store_unavailable', 'The read models cannot be read right now. Retry later.', undefined, { 'Retry-After': '5' });
  }
  if (exception instanceof InvalidAppendError) {
    return new ProblemError(exception.code === 'event_too_large' ? 413 : 400, exception.code, exception.message);
  }
  // The express adapter wraps body-parser's errors (malformed JSON, too large, wrong charset) in an
  // HttpException; their own status and type say which problem it is, and their message may quote the body.
  const cause = exception instanceof HttpException ? exception.cause : exception;
  if (exception instanceof HttpException && !isBodyParserError(cause)) return fromHttpException(exception);
  if (isBodyParserError(cause)) {
    const status = cause.status;
    const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'malformed_body';
    const detail =
      status === 413 ? 'The request body is too large.' : status === 415 ? 'The request body must be JSON in UTF-8 (Content-Type: application/json; charset=utf-8).' : 'The request body is not valid JSON.';
    return new ProblemError(status, code, detail);
  }
  return new ProblemError(500, 'internal_error', 'Something went wrong on our side. Nothing you sent caused it.');
}

function fromHttpException(exception: HttpException): ProblemError {
  const status = exception.getStatus();
  const codes: Record<number, string> = { 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 429: 'too_many_requests' };
  const detail = status === 404 ? 'No such route.' : typeof exception.getResponse() === 'string' ? String(exception.getResponse()) : exception.message;
  return new ProblemError(status, codes[status] ?? (status < 500 ? 'bad_request' : 'internal_error'), status < 500 ? detail : 'Something went wrong on our side.');
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { status?: unknown }).status === 'number';
}
