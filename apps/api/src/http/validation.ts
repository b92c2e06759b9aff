import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, invalidInput } from './problem.js';

/** Whitelist, refuse unknown properties, transform to DTO classes; errors as `{ path, message }` per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => invalidInput(flatten(errors)),
  });
}

export function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ path, message: message.replace(/^property /, '') }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}
