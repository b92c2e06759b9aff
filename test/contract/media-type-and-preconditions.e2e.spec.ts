import type { EventStore } from '#libs/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { newCreditCode } from '../e2e/support/fixtures.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';
import { registerEnterprise } from '../e2e/support/worker-steps.js';

/**
 * A body that is not JSON, and `If-Match` on a create: refused with the problem the document declares
 * for the operation, and nothing is appended. Every answer is checked against the served document.
 */
describe('bodies that are not JSON, and If-Match on a resource with no revision', () => {
  let t: TestApp;
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const lastPosition = () => t.app.get<EventStore>(EVENT_STORE).lastPosition();

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { validateContract: true });
  });
  afterAll(() => t.close());

  it('every operation taking a body answers 415 unsupported_media_type to a body of another type or compressed, declared, and appends nothing', async () => {
    const admin = await t.token('city_admin');
    const enterprise = await registerEnterprise(t);
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const withBody = Object.entries(document.paths as Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>)
      .filter(([, methods]) => methods.post?.requestBody)
      .map(([path, methods]) => ({ path, operation: methods.post! }));
    expect(withBody.length).toBeGreaterThan(30);
    const before = await lastPosition();
    const json = JSON.stringify({ name: '某企业', creditCode: newCreditCode('430903'), sector: 'fireworks', countyCode: '430903' });
    const bodies: Array<[string, string, Record<string, string>]> = [
      ['text/plain', 'name=x', {}],
      ['application/x-www-form-urlencoded', 'name=%E6%9F%90%E4%BC%81%E4%B8%9A&sector=fireworks', {}],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--', {}],
      // JSON the parser does not read (a +json type), and JSON compressed: neither reaches a handler as an empty body.
      ['application/vnd.api+json', json, {}],
      ['application/json', json, { 'Content-Encoding': 'gzip' }],
    ];
    for (const { path, operation } of withBody) {
      expect([path, Object.keys(operation.responses)]).toEqual([path, expect.arrayContaining(['415'])]);
      const url = path.replace('{code}', '430903').replace('{id}', enterprise.id).replace(/\{[^}]+\}/g, '0000000000000000000000000000dead');
      for (const [type, body, headers] of bodies) {
        const answer = await t.http.post(url).set(auth(admin)).set(headers).set('Content-Type', type).send(body);
        expect({ path, type, headers, status: answer.status, code: answer.body.code, media: answer.headers['content-type'] }).toEqual({
          path, type, headers, status: 415, code: 'unsupported_media_type', media: expect.stringMatching(/^application\/problem\+json/),
        });
      }
    }
    // JSON in a charset other than UTF-8: 415, and the answer says what is wanted (not "not valid JSON").
    const gbk = await t.http.post('/api/v1/enterprises').set(auth(admin)).set('Content-Type', 'application/json; charset=gbk').send(json);
    expect(gbk.body).toMatchObject({ status: 415, code: 'unsupported_media_type', detail: expect.stringContaining('UTF-8') });
    expect(await lastPosition()).toBe(before);
    // JSON itself, any case and with a charset, is read.
    await t.http.post('/api/v1/enterprises').set(auth(admin)).set('Content-Type', 'Application/JSON; charset=utf-8').send(json).expect(201);
    expect(t.contract?.mismatches).toEqual([]);
  });

  it('If-Match on a create answers 412 no_current_revision without an ETag, declared, and creates nothing', async () => {
    const admin = await t.token('city_admin');
    const before = await lastPosition();
    for (const ifMatch of ['"0"', '"3"', 'W/"1"']) {
      const refused = await t.http.post('/api/v1/enterprises').set(auth(admin)).set('If-Match', ifMatch)
        .send({ name: '预期版本企业', creditCode: newCreditCode('430903'), sector: 'fireworks', countyCode: '430903' });
      expect({ ifMatch, status: refused.status, code: refused.body.code, etag: refused.headers.etag }).toEqual({ ifMatch, status: 412, code: 'no_current_revision', etag: undefined });
    }
    // A county's first implementation plan (a resource keyed by its code, created by the first command) likewise.
    const plan = await t.http.post('/api/v1/counties/430921/summaries').set(auth(admin)).set('If-Match', '"0"').send({ submittedOn: '2021-12-20' });
    expect([plan.status, plan.body.code, plan.headers.etag]).toEqual([412, 'no_current_revision', undefined]);
    expect(await lastPosition()).toBe(before);
    // On an existing resource a wrong revision is still `stale_revision`, with the current one as ETag.
    await t.http.post('/api/v1/counties/430921/summaries').set(auth(admin)).send({ submittedOn: '2021-12-20' }).expect(201);
    const stale = await t.http.post('/api/v1/counties/430921/summaries').set(auth(admin)).set('If-Match', '"7"').send({ submittedOn: '2021-12-21' }).expect(412);
    expect([stale.body.code, stale.headers.etag]).toEqual(['stale_revision', '"0"']);
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    const declared = (document.paths['/api/v1/enterprises'].post.responses['412'].description as string);
    expect(declared).toContain('`no_current_revision`');
    expect(t.contract?.mismatches).toEqual([]);
  });
});
