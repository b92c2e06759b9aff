import type { OpenAPIObject } from '@nestjs/swagger';
import { queryComponents } from './query-schemas.js';
import type { SchemaObject } from './schema-object.js';

/** The problem+json body every error answers (RFC 9457), one schema for every operation. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'A URI reference naming the problem: `/problems/` and the `code` with each underscore as a hyphen (`unknown_county` → `/problems/unknown-county`)' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, for a person; never quotes personal data' },
    code: { type: 'string', description: 'The machine-readable reason; each operation lists the codes it can answer' },
    errors: {
      type: 'array',
      description: 'Each field at fault',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } }, additionalProperties: false },
    },
  },
  additionalProperties: false,
};

/** What every command answers. */
export const COMMAND_ANSWER_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'revision', 'position'],
  properties: {
    id: { type: 'string', description: 'The resource the command created or changed' },
    revision: { type: 'integer', minimum: 0, description: "The resource's revision after the command, for `If-Match`" },
    position: { type: 'string', pattern: '^[0-9]+$', description: "The last appended event's global position, for `X-Min-Position`" },
    warnings: { type: 'array', items: { type: 'string' }, description: 'Recorded but noteworthy, e.g. `not_trained_before_post`, `no_valid_certificate`' },
    passed: { type: 'boolean', description: 'Exams only: whether the exam was passed' },
    examId: { type: 'string', description: 'Exams only: the exam recorded' },
    postId: { type: 'string', description: 'AssignToPost only: the post created' },
    employmentId: { type: 'string', description: 'EnrollWorker only: the employment added' },
    workerId: { type: 'string', description: 'AddTrainee only: the person added to the class' },
    proposedFindings: { type: 'array', items: { $ref: '#/components/schemas/Finding' }, description: 'OpenInspection only: the findings proposed as of its day' },
  },
  additionalProperties: false,
};

/** A finding of an inspection. */
export const FINDING_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['findingId', 'kind'],
  properties: {
    findingId: { type: 'string' },
    kind: { type: 'string', enum: ['untrained_on_post', 'uncertified_special_operation', 'uncertified_manager', 'no_training_plan', 'false_training_records', 'other'] },
    workerId: { type: 'string' },
    postId: { type: 'string' },
    detail: { type: 'string' },
  },
  additionalProperties: false,
};

/** Adds the shared schemas the response decorators refer to. */
export function addSharedSchemas(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA, CommandAnswer: COMMAND_ANSWER_SCHEMA, Finding: FINDING_SCHEMA, ...queryComponents() };
  return document;
}
