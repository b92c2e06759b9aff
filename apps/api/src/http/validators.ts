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

/**
 * Control characters (NUL, TAB, CR, LF…), format characters (\p{Cf}: zero-width spaces and joiners, the
 * bidirectional marks, overrides and isolates, tag characters, U+180E) and lone surrogates: each makes a
 * name display otherwise than it reads, or not at all.
 */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/** Letters that display as nothing (Hangul fillers): a name made of them is invisible. */
const FILLERS = /[\u115F\u1160\u3164\uFFA0]/gu;

/** At least one letter or digit that shows: not only spaces, marks, blanks (U+2800) or fillers. */
const hasVisibleLetter = (value: string): boolean => /[\p{L}\p{N}]/u.test(value.replace(FILLERS, ''));

/** A name as people write it: canonical Unicode (NFC), outer spaces removed; anything else is left for the validator. */
export const normalizeName = (value: unknown): unknown => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

/**
 * A name of a person or an organisation: NFC-normalised and trimmed (with `transform`), then refused if
 * empty, longer than `max`, holding control or format characters (bidi marks, zero-width, tags), or
 * without a letter or digit that shows (only spaces, combining marks, U+2800 or Hangul fillers).
 */
export function IsName(max = 100, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }) => normalizeName(value))(target, propertyName);
    registerDecorator({
      name: 'isName',
      target: target.constructor,
      propertyName: propertyName as string,
      // Read by the OpenAPI document (`openapi/validation-constraints.ts`): minLength and maxLength.
      constraints: [1, max],
      options: {
        message: `${String(propertyName)} must be 1-${max} characters with a visible letter or digit, without control or format characters`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= max && !UNSAFE_IN_NAME.test(value) && hasVisibleLetter(value),
      },
    });
  };
}
