import type { NextFunction, Request, Response } from 'express';
import { ProblemError } from '#libs/runtime';
import { sendProblem } from './send-problem.js';

/** No body of ours nests deeper than a few levels; thousands of levels would overflow the validators' recursion. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys and array items a body may hold in all: our largest (a subsidy claim of 500 trainees, an inspection
 * of 500 findings) hold under 3,000. Tens of thousands of unknown keys would cost the validators seconds
 * of CPU and an answer naming each; they are refused before validation.
 */
export const MAX_JSON_MEMBERS = 5000;

/** Runs after the JSON parser: 400 for a body nested deeper than `MAX_JSON_DEPTH` or with more than `MAX_JSON_MEMBERS` members, measured without recursion. */
export function limitJsonDepth(request: Request, response: Response, next: NextFunction): void {
  const shape = measure(request.body as unknown, MAX_JSON_DEPTH, MAX_JSON_MEMBERS);
  if (shape === 'too_deep') {
    return sendProblem(response, new ProblemError(400, 'body_too_deep', `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`));
  }
  if (shape === 'too_many_members') {
    return sendProblem(response, new ProblemError(400, 'body_too_many_members', `The request body holds more than ${MAX_JSON_MEMBERS} keys and items.`));
  }
  next();
}

export function measure(value: unknown, depthLimit: number, memberLimit: number): 'ok' | 'too_deep' | 'too_many_members' {
  const pending: [unknown, number][] = [[value, 0]];
  let members = 0;
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= depthLimit) return 'too_deep';
    const children = Object.values(current);
    members += children.length;
    if (members > memberLimit) return 'too_many_members';
    for (const child of children) pending.push([child, depth + 1]);
  }
  return 'ok';
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
