import type { Rejection } from '#libs/domain';
import { ProblemError } from '#libs/runtime';

const STATUS: Record<Rejection['kind'], number> = { rule: 422, invalid: 400, not_found: 404, conflict: 409 };

/** A domain rejection as the HTTP problem the contract names. */
export function rejectionToProblem(rejection: Rejection): ProblemError {
  const errors = rejection.path ? [{ path: rejection.path, message: rejection.message }] : undefined;
  return new ProblemError(STATUS[rejection.kind], rejection.code, rejection.message, errors);
}
