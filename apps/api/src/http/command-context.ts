import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { canonicalJson } from '#libs/event-store';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import type { AuthenticatedActor } from '../auth/roles.js';
import { invalidInput } from '#libs/runtime';

/** What a command needs from the request besides its body: who, which conversation, retries and preconditions. */
export interface CommandContext {
  actor: AuthenticatedActor;
  correlationId: string;
  /** `Idempotency-Key`: the same key and body answer the first result and append nothing. */
  idempotencyKey?: string;
  /** HMAC-SHA-256 (server key) of method, path and canonical body: tells a reused key with another body. Only with a key. */
  requestHash?: string;
  /** Method and path the command was sent to (`POST /api/v1/workers/…/posts`): a created resource's id is derived from it with the key. Only with a key. */
  target?: string;
  /** `If-Match: "<revision>"`: the command applies only if the resource is at this revision. */
  expectedRevision?: number;
}

const TOKEN = /^[A-Za-z0-9._:-]{1,128}$/;

export const Command = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.actor) throw new Error('Command context used on a public route');

  const idempotencyKey = request.header('idempotency-key');
  if (idempotencyKey !== undefined && !TOKEN.test(idempotencyKey)) {
    throw invalidInput([{ path: 'header:Idempotency-Key', message: 'must be 1-128 characters of letters, digits, . _ : -' }]);
  }
  const ifMatch = request.header('if-match');
  let expectedRevision: number | undefined;
  if (ifMatch !== undefined) {
    const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim());
    if (!match) throw invalidInput([{ path: 'header:If-Match', message: 'must be a revision in quotes, e.g. "3"' }]);
    expectedRevision = Number(match[1]);
  }

  // Hashing the canonical body costs a serialisation per command: only a retry with a key needs it.
  const target = idempotencyKey === undefined ? undefined : `${request.method} ${request.originalUrl.split('?')[0]}`;
  const requestHash = target === undefined ? undefined : requestHasher(request)(`${target}\n${canonicalJson(request.body ?? null)}`);

  return {
    actor: request.actor,
    // The id the request log line carries and the answer echoes (logging.module): the caller's when it
    // cannot carry personal data, a fresh one otherwise; so that events and logs correlate.
    correlationId: typeof request.id === 'string' ? request.id : randomUUID(),
    idempotencyKey,
    requestHash,
    ...(target === undefined ? {} : { target }),
    expectedRevision,
  };
});

/** The application setting under which bootstrap puts the keyed request hash (`PersonalDataVault.requestHash`). */
export const REQUEST_HASHER = 'requestHasher';

export type RequestHasher = (canonicalRequest: string) => string;

function requestHasher(request: AuthenticatedRequest): RequestHasher {
  const hasher = request.app.get(REQUEST_HASHER) as RequestHasher | undefined;
  if (!hasher) throw new Error('No request hasher: createApp sets it');
  return hasher;
}
