import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '../problem.js';
import { sendProblem } from './send-problem.js';

/** No body of ours nests deeper than a few levels; thousands of levels would overflow the validators' recursion. */
export const MAX_JSON_DEPTH = 32;

/** Runs after the JSON parser: 400 for a body nested deeper than `MAX_JSON_DEPTH`, measured without recursion. */
export function limitJsonDepth(request: Request, response: Response, next: NextFunction): void {
  if (depthExceeds(request.body as unknown, MAX_JSON_DEPTH)) {
    return sendProblem(response, new ProblemError(400, 'body_too_deep', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`));
  }
  next();
}

export function depthExceeds(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
