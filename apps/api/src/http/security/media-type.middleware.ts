import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '#libs/runtime';
import { sendProblem } from './send-problem.js';

/** `application/json`, any case, with or without parameters: exactly what the JSON body parser reads (not `+json` types). */
const JSON_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * A request that carries a body must say it is JSON; anything else is 415 rather than an empty body
 * (a body the parser would skip reached the handler as `{}`). A body must not be compressed either
 * (`Content-Encoding` other than `identity`): 415 too, as RFC 9110 says, and no inflating of a bomb.
 */
export function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return next();
  if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) {
    return sendProblem(response, new ProblemError(415, 'unsupported_media_type', 'Send the request body as application/json.'));
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    return sendProblem(response, new ProblemError(415, 'unsupported_media_type', 'Send the request body uncompressed (no Content-Encoding).'));
  }
  next();
}
