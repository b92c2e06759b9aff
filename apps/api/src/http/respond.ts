import type { Response } from 'express';
import type { CommandAnswer, CommandResult } from '../commands/command-result.js';

/** 201 when the command created the resource, 200 otherwise; the revision as an ETag for the next If-Match. */
export function respond(response: Response, result: CommandResult): CommandAnswer {
  response.status(result.created ? 201 : 200);
  response.setHeader('ETag', `"${result.answer.revision}"`);
  return result.answer;
}
