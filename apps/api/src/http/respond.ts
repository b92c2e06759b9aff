import type { Response } from 'express';
import type { CommandAnswer, CommandResult } from '../commands/command-result.js';

/** Set on `response.locals` when the answer replays the first one of an `Idempotency-Key` (the command metrics read it). */
export const REPLAYED = 'commandReplayed';

/** 201 when the command created the resource, 200 otherwise; the revision as an ETag for the next If-Match. */
export function respond(response: Response, result: CommandResult): CommandAnswer {
  response.status(result.created ? 201 : 200);
  if (result.replayed) response.locals[REPLAYED] = true;
  response.setHeader('ETag', `"${result.answer.revision}"`);
  return result.answer;
}
