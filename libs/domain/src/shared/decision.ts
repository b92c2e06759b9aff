/**
 * What every decider returns. A decider is three plain functions per aggregate:
 * `initialState`, `evolve(state, event) → state` and `decide(command, state) → Decision`.
 * No I/O, no clock: time arrives in the command.
 */

/** A domain event as the decider sees it: the type and the data; the envelope is the writer's. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/** Why a command was refused. `code` is what a client switches on; the HTTP layer maps `kind` to a status. */
export interface Rejection {
  /** 422 business rule (default), 400 invalid input, 404 unknown resource, 409 conflict/duplicate. */
  kind: 'rule' | 'invalid' | 'not_found' | 'conflict';
  code: string;
  /** Plain words for a person; never personal data. */
  message: string;
  /** The input field at fault, when there is one (`trainees[2].certificateId`). */
  path?: string;
}

/** Warnings do not refuse the command: the fact is recorded and counted (e.g. `not_trained_before_post`). */
export type Decision<E extends DomainEvent> =
  | { ok: true; events: E[]; warnings: string[] }
  | { ok: false; rejection: Rejection };

export const accept = <E extends DomainEvent>(events: E[], warnings: string[] = []): Decision<E> => ({
  ok: true,
  events,
  warnings,
});

export const reject = (
  code: string,
  message: string,
  options: { kind?: Rejection['kind']; path?: string } = {},
): { ok: false; rejection: Rejection } => ({
  ok: false,
  rejection: { kind: options.kind ?? 'rule', code, message, ...(options.path ? { path: options.path } : {}) },
});

export interface Decider<S, C, E extends DomainEvent> {
  initialState: () => S;
  evolve: (state: S, event: E) => S;
  decide: (command: C, state: S) => Decision<E>;
}
