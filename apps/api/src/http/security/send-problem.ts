import type { Response } from 'express';
import type { ProblemError } from '../problem.js';

/** For middleware that answers before Nest's exception filter can: the same problem+json the filter writes. */
export function sendProblem(response: Response, problem: ProblemError): void {
  for (const [name, value] of Object.entries(problem.headers)) response.setHeader(name, value);
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toBody()));
}
