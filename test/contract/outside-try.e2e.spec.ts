import type { EventStore } from '#libs/event-store';
import { ROLES, type Role } from '../../apps/api/src/auth/roles.js';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { certifiedTrainee } from '../e2e/support/claim-steps.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/**
 * An outsider trying the contract: every role the service knows (and no token at all) sends each
 * command a handful of bad bodies (nothing, empty, an array, wrong types, overlong strings, unknown
 * fields, huge numbers). Every answer must be one the served document declares for the operation, with
 * a body matching its schema and a declared code; none may be a success or a server error, and nothing
 * may be recorded.
 */

type Schema = { type?: string; properties?: Record<string, Schema>; items?: Schema; $ref?: string; allOf?: Schema[] };
interface Operation {
  path: string;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

describe('an outsider tries every command with bad bodies, in every role', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' }, { validateContract: true });
  });
  afterAll(() => t.close());

  it('answers each with a declared problem, never a success or a 5xx, and records nothing', async () => {
    const document = (await t.http.get('/api/docs-json').expect(200)).body as { paths: Record<string, { post?: Operation }>; components: { schemas: Record<string, Schema> } };
    const story = await certifiedTrainee(t);
    const county = story.enterprise.countyCode;
    const scopes: Record<Role, { county?: string; enterprise?: string; provider?: string }> = {
      city_admin: {},
      enterprise_admin: { enterprise: story.enterprise.id },
      training_provider: { provider: story.provider.id },
      em_officer: { county },
      hrss_officer: { county },
      enforcement_officer: { county },
      auditor: {},
      viewer: {},
    };
    const tokens: Array<[string, Record<string, string>]> = [['anonymous', {}]];
    for (const role of ROLES) tokens.push([role, { Authorization: `Bearer ${await t.token(role, scopes[role])}` }]);

    // Real resources where the path names one (so a bad body meets the real rules behind the validation), a dead id for the erasure.
    const dead = '0000000000000000000000000000dead';
    const url = (path: string) =>
      path.endsWith('/erasure')
        ? path.replace('{id}', dead)
        : path
            .replace(/^\/api\/v1\/workers\/\{id\}/, `/api/v1/workers/${story.worker.workerId}`)
            .replace(/^\/api\/v1\/enterprises\/\{id\}/, `/api/v1/enterprises/${story.enterprise.id}`)
            .replace(/^\/api\/v1\/training-classes\/\{id\}/, `/api/v1/training-classes/${story.classId}`)
            .replace(/^\/api\/v1\/certificates\/\{id\}/, `/api/v1/certificates/${story.certificateId}`)
            .replace('{code}', county)
            .replace(/\{[^}]+\}/g, dead);

    const resolve = (schema: Schema | undefined): Schema => {
      if (!schema) return {};
      if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').pop()!]);
      if (schema.allOf?.length === 1) return resolve(schema.allOf[0]);
      return schema;
    };
    const properties = (operation: Operation) => Object.entries(resolve(operation.requestBody?.content?.['application/json']?.schema).properties ?? {}).map(([name, schema]) => [name, resolve(schema)] as const);
    const each = (operation: Operation, value: (schema: Schema) => unknown) => Object.fromEntries(properties(operation).map(([name, schema]) => [name, value(schema)]));
    const wrongType = (schema: Schema): unknown => (schema.type === 'string' ? 12345 : schema.type === 'number' || schema.type === 'integer' ? 'many' : schema.type === 'boolean' ? 'yes' : schema.type === 'array' ? 'one' : 7);
    const overlong = (schema: Schema): unknown => (schema.type === 'array' ? Array.from({ length: 600 }, () => 'x'.repeat(300)) : schema.type === 'object' ? { note: 'x'.repeat(20_000) } : 'x'.repeat(20_000));
    const huge = (schema: Schema): unknown => (schema.type === 'number' || schema.type === 'integer' ? 1e308 : schema.type === 'string' ? '9'.repeat(400) : schema.type === 'array' ? [1e308, -1e308] : -1e308);

    const bodies: Array<[string, (operation: Operation) => string | undefined]> = [
      ['no body', () => undefined],
      ['empty object', () => '{}'],
      ['array instead of object', () => '[{}]'],
      ['null', () => 'null'],
      ['wrong types', (operation) => JSON.stringify(each(operation, wrongType))],
      ['overlong strings', (operation) => JSON.stringify(each(operation, overlong))],
      ['unknown fields', (operation) => JSON.stringify({ ...each(operation, () => undefined), unexpected: 'x', constructor: { prototype: { admin: true } }, __proto__: { admin: true } })],
      ['huge numbers', (operation) => JSON.stringify(each(operation, huge))],
      ['nulls', (operation) => JSON.stringify(each(operation, () => null))],
      ['wrong members', (operation) => JSON.stringify(each(operation, (schema) => (schema.type === 'array' ? [null, 1, 'x', [], {}] : schema.type === 'object' ? { a: [] } : schema.type === 'string' ? '' : -1)))],
    ];

    const store = t.app.get<EventStore>(EVENT_STORE);
    const before = await store.lastPosition();
    const commands = Object.entries(document.paths).filter(([, methods]) => methods.post).map(([path, methods]) => ({ ...methods.post!, path }));
    expect(commands.length).toBeGreaterThan(30);
    const unexpected: string[] = [];
    let sent = 0;
    const statuses = new Set<number>();
    for (const operation of commands) {
      for (const [who, headers] of tokens) {
        for (const [what, body] of bodies) {
          const text = body(operation);
          const request = t.http.post(url(operation.path)).set(headers);
          const answer = text === undefined ? await request : await request.set('Content-Type', 'application/json').send(text);
          sent++;
          statuses.add(answer.status);
          if (answer.status < 400 || answer.status >= 500) unexpected.push(`${who} POST ${operation.path} with ${what} → ${answer.status} ${answer.text.slice(0, 200)}`);
        }
      }
    }
    expect(sent).toBeGreaterThan(2000);
    expect(unexpected).toEqual([]);
    // The bad bodies met the validation (400), the sign-in (401), the roles (403) and the resources (404).
    expect([...statuses].sort()).toEqual([400, 401, 403, 404]);
    expect(t.contract?.mismatches).toEqual([]);
    expect(await store.lastPosition()).toBe(before);
  });
});
