import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isValidDay } from '#libs/domain';

/** A real calendar day as `YYYY-MM-DD` (no 2021-02-30). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDay',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a real calendar day as YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDay(value) },
    });
}

/** Ids of our resources: UUIDs or similar opaque tokens, never with the stream separator. */
export const ID_PATTERN = /^[A-Za-z0-9_.:]{1,64}$/;
export const COUNTY_CODE_PATTERN = /^\d{6}$/;
