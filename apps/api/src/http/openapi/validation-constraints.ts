import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/**
 * The request schemas say what the validation pipe enforces: each class-validator decorator on a body's
 * class (its metadata, as the pipe reads it) becomes the JSON Schema keyword that says the same, so a
 * client (or a generated form) knows `maxLength`, `pattern` or `enum` without a 400 to learn it, and the
 * constraints are written once, on the DTO.
 */

interface ValidationMetadataLike {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  groups?: string[];
}

/** A schema as a plain object: the keywords are set by name. */
type SchemaObject = Record<string, unknown>;

type Apply = (schema: SchemaObject, constraints: unknown[]) => void;

const patternOf = (value: unknown, modifiers: unknown): string | undefined => {
  if (value instanceof RegExp) return /[imsy]/.test(value.flags) ? undefined : value.source;
  if (typeof value === 'string') return typeof modifiers === 'string' && /[imsy]/.test(modifiers) ? undefined : value;
  return undefined;
};

/** By the name class-validator (or our own decorators in `validators.ts`) register: what each says as JSON Schema. */
const KEYWORDS: Record<string, Apply> = {
  maxLength: (schema, [max]) => void (schema.maxLength = Number(max)),
  minLength: (schema, [min]) => void (schema.minLength = Number(min)),
  isLength: (schema, [min, max]) => {
    if (typeof min === 'number') schema.minLength = min;
    if (typeof max === 'number') schema.maxLength = max;
  },
  min: (schema, [min]) => void (schema.minimum = Number(min)),
  max: (schema, [max]) => void (schema.maximum = Number(max)),
  matches: (schema, [pattern, modifiers]) => {
    const source = patternOf(pattern, modifiers);
    if (source !== undefined) schema.pattern = source;
  },
  isIn: (schema, [values]) => {
    if (Array.isArray(values)) schema.enum = [...values];
  },
  isEnum: (schema, [entity]) => {
    if (entity && typeof entity === 'object') schema.enum = [...new Set(Object.values(entity as Record<string, unknown>))];
  },
  arrayMaxSize: (schema, [max]) => void (schema.maxItems = Number(max)),
  arrayMinSize: (schema, [min]) => void (schema.minItems = Number(min)),
  arrayNotEmpty: (schema) => void (schema.minItems = Math.max(1, Number(schema.minItems ?? 1))),
  isInt: (schema) => void (schema.type = 'integer'),
  isPositive: (schema) => void (schema.exclusiveMinimum = 0),
  isNotEmpty: (schema) => {
    if (schema.type === 'string') schema.minLength = Math.max(1, Number(schema.minLength ?? 1));
  },
  // Ours (`http/validators.ts`): a real calendar day, and a name of 1 to `max` characters.
  isDay: (schema) => {
    schema.format = 'date';
    schema.pattern ??= '^\\d{4}-\\d{2}-\\d{2}$';
  },
  isName: (schema, [min, max]) => {
    if (typeof min === 'number') schema.minLength = min;
    if (typeof max === 'number') schema.maxLength = max;
  },
};

/** The schema a constraint applies to: the property's, or its items' for `each: true` (an array's members). */
function targetOf(property: SchemaObject, each: boolean | undefined): SchemaObject | undefined {
  if (!each) return property;
  const items = property.items as SchemaObject | undefined;
  if (property.type === 'array' && items && !('$ref' in items)) return items;
  return undefined;
}

/** Adds each class-validator constraint of each body class to the document's schema of that class, and closes it to undeclared members. */
export function addValidationConstraints(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as unknown as Record<string, SchemaObject>;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, ValidationMetadataLike[]> };
  for (const [target, metadatas] of storage.validationMetadatas) {
    const schema = schemas[target.name];
    const properties = schema?.properties as Record<string, SchemaObject> | undefined;
    if (!properties) continue;
    // The validation pipe refuses a member the class does not declare (forbidNonWhitelisted): the schema says so.
    schema!.additionalProperties = false;
    for (const metadata of metadatas) {
      const property = properties[metadata.propertyName];
      if (!property || '$ref' in property || metadata.groups?.length) continue;
      const apply = KEYWORDS[metadata.name ?? metadata.type];
      const where = targetOf(property, metadata.each);
      if (apply && where) apply(where, metadata.constraints ?? []);
    }
  }
  return document;
}
