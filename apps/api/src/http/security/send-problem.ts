import type { Response } from 'express';
import type { ProblemError } from '#libs/runtime';

/**
 * Writes a problem+json answer: its own headers, and no other. Not through `res.send`, which would add a
 * weak `ETag` of the body: a client using `If-Match` would take it for a revision (a 412
 * `no_current_revision` must carry none; a 412 `stale_revision` carries the real one in its headers).
 */
export function writeProblem(response: Response, problem: ProblemError): void {
  // The request's log line names the refusal's code (logging.module.ts).
  response.locals['problemCode'] = problem.code;
  for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
  const body = Buffer.from(JSON.stringify(problem.toBody()), 'utf8');
  response.status(problem.status).type('application/problem+json');
  response.setHeader('Content-Length', body.length);
  response.end(body);
}

/** For middleware that answers before Nest's exception filter can: the same problem+json the filter writes. */
export function sendProblem(response: Response, problem: ProblemError): void {
  writeProblem(response, problem);
}
