import { Transform } from 'class-transformer';
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

/** Control characters (NUL, TAB, CR, LF…) and the bidirectional overrides and isolates that make text display otherwise than it reads. */
const UNSAFE_IN_NAME = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** A name as people write it: canonical Unicode (NFC), outer spaces removed; anything else is left for the validator. */
export const normalizeName = (value: unknown): unknown => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

/**
 * A name of a person or an organisation: NFC-normalised and trimmed (with `transform`), then refused if
 * empty (whitespace only), longer than `max`, or holding control or bidi-override characters.
 */
export function IsName(max = 100, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => normalizeName(value))(target, propertyName);
    registerDecorator({
      name: 'isName',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be 1-${max} characters, not only spaces, without control or bidirectional-override characters`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= max && !UNSAFE_IN_NAME.test(value),
      },
    });
  };
}
