import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '../problem.js';
import { sendProblem } from './send-problem.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** A request that carries a body must say it is JSON; anything else is 415 rather than an empty body. */
export function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody || JSON_TYPE.test(request.headers['content-type'] ?? '')) return next();
  sendProblem(response, new ProblemError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
}
