import type { OpenAPIObject } from '@nestjs/swagger';

/** An OpenAPI 3.0 schema object, as @nestjs/swagger types it (its interface module is not exported). */
export type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
