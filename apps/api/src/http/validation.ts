import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, invalidInput } from '#libs/runtime';

/** Fields named in one answer at most: enough to fix a body, small whatever the body holds. */
export const MAX_FIELD_ERRORS = 20;

/**
 * Whitelist, refuse unknown properties, transform to DTO classes; errors as `{ path, message }` per
 * field, the first constraint of each field only, and at most `MAX_FIELD_ERRORS` of them.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => invalidInput(flatten(errors).slice(0, MAX_FIELD_ERRORS)),
  });
}

/** Field errors depth-first, stopping once `limit` are found. */
export function flatten(errors: ValidationError[], parent = '', limit = MAX_FIELD_ERRORS, into: FieldError[] = []): FieldError[] {
  for (const error of errors) {
    if (into.length >= limit) break;
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      if (into.length >= limit) break;
      into.push({ path: path.slice(0, 200), message: message.replace(/^property /, '').slice(0, 300) });
    }
    flatten(error.children ?? [], path, limit, into);
  }
  return into;
}
