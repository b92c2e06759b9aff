import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Decision, DomainEvent, StreamCategory } from '#libs/domain';
import {
  chainEvents,
  idOf,
  streamName,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
} from '#libs/event-store';
import type { CommandContext } from '../http/command-context.js';
import { ProblemError } from '#libs/runtime';
import { EVENT_STORE } from '../infrastructure/stores.module.js';
import type { CommandResult } from './command-result.js';
import { rejectionToProblem } from './rejection.js';

/** How to fold one kind of aggregate from its stream. */
export interface AggregateType<S, E extends DomainEvent> {
  /** Stream category: `enterprise`, `worker`, `subsidy_claim` (the domain names them all). */
  category: StreamCategory;
  /** Said in a 404: "Enterprise … was not found". */
  label: string;
  initialState: () => S;
  evolve: (state: S, event: E) => S;
}

export interface LoadedAggregate<S> {
  id: string;
  streamId: string;
  state: S;
  /** Last revision, null when the stream does not exist. */
  revision: number | null;
  last: RecordedEvent | null;
}

export interface ExecuteOptions<S, E extends DomainEvent> {
  type: AggregateType<S, E>;
  id: string;
  context: CommandContext;
  /**
   * `create`: the aggregate must not exist yet (409); `update`: it must exist (404); `upsert`: either, for
   * aggregates keyed by a natural id such as a county code.
   */
  mode: 'create' | 'update' | 'upsert';
  /** When it happened, for the events' metadata: the command's day (`enrolledOn`, `issuedOn`). */
  occurredAt: string;
  decide: (loaded: LoadedAggregate<S>) => Decision<E> | Promise<Decision<E>>;
  /** Extra fields of the answer, from the decision (e.g. `{ passed }`). */
  answerExtras?: (events: E[]) => Record<string, unknown>;
  /**
   * Streams written in the same atomic append as the aggregate: reservations (one account per ID number,
   * one subsidy per person and code) and counters. A crash can never leave one without the other.
   */
  alongside?: (loaded: LoadedAggregate<S>, events: E[]) => SideAppend[] | Promise<SideAppend[]>;
}

/** A stream appended atomically with a command's aggregate. */
export interface SideAppend {
  streamId: string;
  events: DomainEvent[];
  /** `no_stream` for a reservation; the revision read, for a counter. */
  expected: ExpectedRevision;
  /** The last event of the stream as read, to continue its hash chain (null for a new stream). */
  previous?: RecordedEvent | null;
  /** The answer when this stream's expectation fails, e.g. a reservation someone else holds; without it the command is decided again. */
  onConflict?: () => ProblemError | Promise<ProblemError>;
}

/**
 * How long a command keeps trying, from its turn in this process's queue, while other processes keep
 * winning the race on its stream; then 409 `concurrent_change`. A budget of time rather than a count
 * of attempts: a command can lose one round to each command of another process queued on the same
 * stream (20 enrolments of one person over 3 apis all append to the person's stream), so the rounds
 * it may need grow with the load, and four attempts (the former bound) ran out about once in 20 runs.
 */
const CONFLICT_RETRY_BUDGET_MS = 5_000;

/**
 * Every attempt after a conflict waits a time drawn between 0 and this ("full jitter"), the same
 * window for every attempt and every command, whether it just lost or just got its turn: each round
 * on a contended stream is then won by any process as likely as another, instead of the process that
 * won the last round winning again with its next queued command (which started at once while the
 * losers backed off) until its queue was drained.
 */
const CONFLICT_BACKOFF_MS = 20;

/** The outcome of one attempt that lost the append race to another command: read and decide again. */
const CONFLICT = Symbol('conflict');

/**
 * Read, decide, append with the expected revision; on a concurrent change re-read and decide again
 * until `CONFLICT_RETRY_BUDGET_MS` has passed, then 409. An `Idempotency-Key` seen before in the
 * stream answers the first result.
 *
 * The first attempt runs at once. The commands of this process that lost a race on a stream then try
 * again one after another, each after a jittered back-off, and commands arriving while they do wait
 * behind them: of several that read the same revision only one can be appended, so retrying them
 * side by side only made them collide again (20 enrolments of one person arriving together all read
 * the same revision, went to the store in the same group commit and retried in lockstep). Now a
 * retry can lose only to a command of another process, or to one just arrived, and each process has
 * one contender per stream at a time.
 */
@Injectable()
export class EventWriter {
  /** Per aggregate stream, the end of the last retry queued on it in this process. */
  private readonly retryQueues = new Map<string, Promise<unknown>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async load<S, E extends DomainEvent>(type: AggregateType<S, E>, id: string): Promise<LoadedAggregate<S>> {
    const streamId = streamName(type.category, id);
    let state = type.initialState();
    let last: RecordedEvent | null = null;
    for await (const event of this.store.readStream(streamId)) {
      state = type.evolve(state, { type: event.type, data: event.data } as E);
      last = event;
    }
    return { id, streamId, state, revision: last ? last.revision : null, last };
  }

  /** Loads an aggregate that must exist: 404 otherwise. */
  async loadExisting<S, E extends DomainEvent>(type: AggregateType<S, E>, id: string): Promise<LoadedAggregate<S>> {
    const loaded = await this.load(type, id);
    if (loaded.revision === null) throw new ProblemError(404, 'not_found', `${type.label} ${id} was not found.`);
    return loaded;
  }

  async execute<S, E extends DomainEvent>(options: ExecuteOptions<S, E>): Promise<CommandResult> {
    const streamId = streamName(options.type.category, options.id);
    // Retries already queued on the stream: it is contended, this command queues behind them.
    const first = this.retryQueues.has(streamId) ? CONFLICT : await this.attempt(options);
    if (first !== CONFLICT) return first;
    return this.inTurn(streamId, async () => {
      const deadline = performance.now() + CONFLICT_RETRY_BUDGET_MS;
      do {
        await sleep(Math.random() * CONFLICT_BACKOFF_MS);
        const result = await this.attempt(options);
        if (result !== CONFLICT) return result;
      } while (performance.now() < deadline);
      throw new ProblemError(409, 'concurrent_change', 'The resource kept changing while this command ran; read it again and retry.');
    });
  }

  /** Runs `work` once the retries queued before it on `streamId` in this process have finished. */
  private inTurn<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.retryQueues.get(streamId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.retryQueues.set(streamId, settled);
    void settled.then(() => {
      if (this.retryQueues.get(streamId) === settled) this.retryQueues.delete(streamId);
    });
    return result;
  }

  /** Read, decide, append once: the answer, a refusal thrown, or `CONFLICT` when another append came first. */
  private async attempt<S, E extends DomainEvent>(options: ExecuteOptions<S, E>): Promise<CommandResult | typeof CONFLICT> {
    const { type, id, context } = options;
    const loaded = await this.load(type, id);
    const replay = context.idempotencyKey ? await this.findReplay(loaded.streamId, context, options.answerExtras) : null;
    if (replay) return replay;

    if (options.mode === 'update' && loaded.revision === null) {
      throw new ProblemError(404, 'not_found', `${type.label} ${id} was not found.`);
    }
    if (options.mode === 'create' && loaded.revision !== null) {
      throw new ProblemError(409, 'already_exists', `${type.label} ${id} already exists.`);
    }
    if (context.expectedRevision !== undefined && context.expectedRevision !== loaded.revision) {
      throw preconditionFailed(loaded.revision);
    }

    const decision = await options.decide(loaded);
    if (!decision.ok) throw rejectionToProblem(decision.rejection);

    const events = this.envelope(decision.events, context, options.occurredAt, decision.warnings, loaded.last);
    const sides = (await options.alongside?.(loaded, decision.events)) ?? [];
    try {
      const [result] = await this.store.appendMulti([
        { streamId: loaded.streamId, events, expected: loaded.revision ?? 'no_stream' },
        ...sides.map((side) => ({
          streamId: side.streamId,
          events: this.envelope(side.events, context, options.occurredAt, [], side.previous ?? null),
          expected: side.expected,
        })),
      ]);
      return {
        created: loaded.revision === null,
        answer: {
          id,
          revision: result.revision,
          position: result.position.toString(),
          ...(decision.warnings.length ? { warnings: decision.warnings } : {}),
          ...(options.answerExtras?.(decision.events) ?? {}),
        },
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const side = sides.find((candidate) => candidate.streamId === error.streamId);
      if (side?.onConflict) throw await side.onConflict();
      if (!side && context.expectedRevision !== undefined) throw preconditionFailed(error.actual);
      return CONFLICT;
    }
  }

  /** Wraps domain events in the envelope: ids, actor, correlation, idempotency, and the hash chain. */
  envelope(
    events: DomainEvent[],
    context: CommandContext,
    occurredAt: string,
    warnings: string[],
    previous: RecordedEvent | null,
  ): NewEvent[] {
    const causationId = randomUUID();
    const fresh = events.map(
      (event): NewEvent => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          schemaVersion: 1,
          occurredAt,
          actor: { sub: context.actor.sub, role: context.actor.role, scope: context.actor.scope },
          correlationId: context.correlationId,
          causationId,
          ...(context.idempotencyKey
            ? { idempotencyKey: context.idempotencyKey, requestHash: context.requestHash, ...(warnings.length ? { warnings } : {}) }
            : {}),
          prevHash: null,
        },
      }),
    );
    return chainEvents(previous, fresh);
  }

  /**
   * A retried request: the events this actor appended under the same key answer again, and nothing is
   * appended. The same key with another body is refused. Public for a handler that must check it before
   * its own checks (an enrolment's identity check comes before anything else about the account).
   */
  async findReplay<E extends DomainEvent>(
    streamId: string,
    context: CommandContext,
    answerExtras?: (events: E[]) => Record<string, unknown>,
  ): Promise<CommandResult | null> {
    let first: RecordedEvent | null = null;
    let lastOfRequest: RecordedEvent | null = null;
    const ofRequest: E[] = [];
    for await (const event of this.store.readStream(streamId, { direction: 'backwards' })) {
      const meta = event.metadata;
      if (meta.idempotencyKey === context.idempotencyKey && meta.actor.sub === context.actor.sub) {
        lastOfRequest ??= event;
        first = event;
        ofRequest.unshift({ type: event.type, data: event.data } as E);
      } else if (lastOfRequest) break;
    }
    if (!first || !lastOfRequest) return null;
    const meta = first.metadata;
    if (meta.requestHash !== context.requestHash) {
      throw new ProblemError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for another request.');
    }
    return {
      created: first.revision === 0,
      replayed: true,
      answer: {
        id: idOf(streamId),
        revision: lastOfRequest.revision,
        position: lastOfRequest.position.toString(),
        ...(meta.warnings?.length ? { warnings: meta.warnings } : {}),
        // The same extras as the first answer (`passed` of an exam), from the events that request appended.
        ...(answerExtras?.(ofRequest) ?? {}),
      },
    };
  }
}

/**
 * A new resource id: 32 hex digits (a UUID without its dashes, since `-` separates a stream's category).
 * Derived from the idempotency key when there is one, so that a retry lands on the same stream: from the
 * subject, the key and where the command was sent (method and path), since a key is scoped to the resource
 * it was sent to; the same key on a post of another worker is another command, and must name another post.
 */
export function newResourceId(context: CommandContext): string {
  if (!context.idempotencyKey) return randomUUID().replaceAll('-', '');
  const scope = context.target === undefined ? '' : `\n${context.target}`;
  return createHash('sha256').update(`${context.actor.sub}\n${context.idempotencyKey}${scope}`).digest('hex').slice(0, 32);
}

/**
 * `If-Match` on a resource that has no revision yet (a create) can never hold: 412 `no_current_revision`,
 * with no `ETag`, since there is no revision to name. Otherwise 412 `stale_revision` with the current one.
 */
function preconditionFailed(actual: number | null): ProblemError {
  if (actual === null) return new ProblemError(412, 'no_current_revision', 'If-Match names a revision, but the resource has none yet: send the create without If-Match.');
  return new ProblemError(412, 'stale_revision', `If-Match does not name the current revision (${actual}).`, undefined, {
    ETag: `"${actual}"`,
  });
}
