import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import type { EventStore } from '#libs/event-store';
import { AccessRules } from '../../apps/api/src/auth/access-rules.js';
import { discoverRoutes } from '../../apps/api/src/auth/route-catalogue.js';
import type { Role } from '../../apps/api/src/auth/roles.js';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { startTestApp } from '../e2e/support/test-app.js';
import { buildScopeStory, HOME_COUNTY, SAMPLES, type ScopeStory } from './support/scope-story.js';

/**
 * Hostile input on every route the app serves: random and mutated bodies, path ids, query strings and
 * headers, with and without a token. Never a 5xx, and a refused request (4xx) never writes to the log.
 * Runs are bounded (RUNS per route) so the suite stays well under a minute; a failure prints fast-check's
 * seed and path to replay it.
 */
const RUNS = 40;

// Every answer is also checked against the OpenAPI document: a refusal's status and `code` must be declared for its operation.
const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' }, { validateContract: true });
const store = t.app.get<EventStore>(EVENT_STORE);
const rules = new AccessRules();
const routes = discoverRoutes(t.app.get(ModulesContainer)).filter((route) => ['GET', 'POST'].includes(route.method));
const story: ScopeStory = await buildScopeStory(t);
afterAll(() => t.close());

const storyIds = [story.workerId, story.providerClassId, story.certificateId, story.claimId, story.inspectionId, story.orderId, story.postId, story.home.enterprise.id, HOME_COUNTY];
const NASTY_SEGMENTS = ['..', '%2e%2e', '%00', '%2F', 'a'.repeat(300), '-', 'worker-x', '%E4%BD%A0', '__proto__', 'constructor', '1e309', '%25'];
const NASTY_BODIES = [
  '{"__proto__":{"role":"city_admin","polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  '{"name":"\\u0000\\ud800"}',
  '[]',
  'null',
  '"string"',
  '{"a":1,"a":2}',
  '{',
];

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 200 });

const segment = fc.oneof(fc.constantFrom(...storyIds), fc.constantFrom(...NASTY_SEGMENTS), fc.string({ unit: 'grapheme', maxLength: 80 }).map(encodeURIComponent));

/** A valid sample body with one field replaced, dropped or added, or random JSON, or a hostile raw text. */
function bodyFor(sample: object | undefined): fc.Arbitrary<string> {
  const json = fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null');
  if (!sample) return fc.oneof(json, fc.constantFrom(...NASTY_BODIES));
  const keys = Object.keys(sample);
  const mutated = fc
    .tuple(fc.constantFrom(...keys, '__proto__', 'extra'), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)))
    .map(([key, value]) => {
      const copy: Record<string, unknown> = { ...sample };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      return key === '__proto__' ? JSON.stringify(copy).replace(/^\{/, `{"__proto__":${JSON.stringify(value ?? null)},`) : JSON.stringify(copy);
    });
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: json }, { weight: 1, arbitrary: fc.constantFrom(...NASTY_BODIES) });
}

const query = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom('groupBy', 'asOf', 'knownAt', 'countyCode', 'sector', 'limit', 'cursor', 'streamId', 'actor', 'from', 'to', 'status', 'asOf[$gt]', 'limit[]', '__proto__'), printable),
    fc.oneof(printable, fc.constantFrom('1e309', '-1', '2021-02-30', 'city', 'county', HOME_COUNTY, '')),
  ),
  { maxLength: 4 },
);

const headers = fc.record(
  {
    'Idempotency-Key': printable,
    'If-Match': printable,
    'X-Correlation-Id': printable,
    // Only malformed positions: a well-formed one ahead of the log waits 5 s and answers 503 by design.
    'X-Min-Position': printable.filter((value) => !/^\s*\d+\s*$/.test(value)),
    'Content-Type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'text/plain', 'application/json; charset=latin1'),
  },
  { requiredKeys: [] },
);

describe.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', (name, route) => {
  const entry = rules.find(route.method, route.path);
  const roles = Object.keys(entry?.roles ?? {}) as Role[];

  it(`never answers 5xx, and writes nothing when it refuses (${RUNS} hostile requests)`, async () => {
    const request = fc.record({
      role: roles.length > 0 ? fc.option(fc.constantFrom(...roles), { freq: 5 }) : fc.constant(null),
      params: fc.array(segment, { minLength: 4, maxLength: 4 }),
      body: bodyFor(roles.length > 0 ? SAMPLES[name]?.(story, roles[0])?.body : undefined),
      query,
      headers,
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ role, params, body, query: pairs, headers: extra }) => {
        let index = 0;
        const path = route.path.replace(/:\w+/g, () => params[index++]);
        const search = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
        const url = `${route.path === '/health' ? '' : '/api/v1'}${path}${search ? `?${search}` : ''}`;
        let call = route.method === 'GET' ? t.http.get(url) : t.http.post(url);
        for (const [header, value] of Object.entries(extra)) call = call.set(header, value);
        if (role) call = call.set('Authorization', `Bearer ${await t.token(role, { county: HOME_COUNTY, enterprise: story.home.enterprise.id, provider: story.home.provider.id })}`);

        const mismatchesBefore = t.contract!.mismatches.length;
        const before = await store.lastPosition();
        const response = route.method === 'GET' ? await call : await call.send(body);
        const after = await store.lastPosition();
        const seen = `${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
        expect(seen).not.toMatch(/^5\d\d /);
        if (response.status >= 400) expect({ refused: seen, wrote: after !== before }).toEqual({ refused: seen, wrote: false });
        // A path the fuzzer mangled is no operation of the document: only the operations' answers are checked.
        expect(t.contract!.mismatches.slice(mismatchesBefore).filter((mismatch) => !mismatch.includes('no operation in the document'))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

it('left no property on Object.prototype after the __proto__ and constructor bodies', () => {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).role).toBeUndefined();
});
