import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

const PROBLEM = /^application\/problem\+json/;

describe('HTTP hardening', () => {
  describe('with the defaults', () => {
    let t: TestApp;
    let admin: string;
    beforeAll(async () => {
      t = await startTestApp();
      admin = await t.token('city_admin');
    });
    afterAll(() => t.close());

    it.each([
      ['a public route', '/health'],
      ['an error answer', '/api/v1/milestones'],
      ['an unknown route', '/api/v1/no-such-thing'],
    ])('sets the security headers on %s', async (_, path) => {
      const response = await t.http.get(path);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
      expect(response.headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['strict-transport-security']).toBeUndefined();
    });

    it('keeps CORS off: no Access-Control-Allow-Origin for any origin, preflight included', async () => {
      const simple = await t.http.get('/health').set('Origin', 'https://evil.example');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http.options('/api/v1/enterprises').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers 413 problem+json for a JSON body over 1 MiB, and records nothing', async () => {
      const response = await t.http
        .post('/api/v1/enterprises')
        .set('Authorization', `Bearer ${admin}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }));
      expect(response.status).toBe(413);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it.each([
      ['text/plain', 'name=x'],
      ['application/x-www-form-urlencoded', 'name=x'],
      ['application/xml', '<name>x</name>'],
    ])('answers 415 problem+json for a %s body', async (type, body) => {
      const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Content-Type', type).send(body);
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    });

    it('answers 400 problem+json for JSON nested thousands deep, rather than overflowing the validators', async () => {
      const deep = `{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send(deep);
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body.code).toBe('body_too_deep');
    });

    it('answers 400 problem+json for malformed JSON', async () => {
      const response = await t.http.post('/api/v1/enterprises').set('Authorization', `Bearer ${admin}`).set('Content-Type', 'application/json').send('{"name":');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM);
    });
  });

  describe('configured: a low rate limit, CORS for one origin, HSTS', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '3', CORS_ORIGINS: 'https://dashboard.example', HSTS_MAX_AGE_SECONDS: '31536000' });
    });
    afterAll(() => t.close());

    it('limits each token subject on its own: the fourth call is 429 problem+json with Retry-After', async () => {
      const alice = await t.token('viewer', { sub: 'alice' });
      const bob = await t.token('viewer', { sub: 'bob' });
      const call = (token: string) => t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${token}`);
      for (let i = 0; i < 3; i += 1) expect((await call(alice)).status).not.toBe(429);
      const refused = await call(alice);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(PROBLEM);
      expect(refused.body).toMatchObject({ status: 429, code: 'too_many_requests' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Another subject, and a second token of the same subject, are counted apart from / with alice.
      expect((await call(bob)).status).not.toBe(429);
      expect((await call(await t.token('viewer', { sub: 'alice' }))).status).toBe(429);
    });

    it('limits callers without a valid token by address, forged subjects included', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        const forged = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: `s${i}`, role: 'viewer' })).toString('base64url')}.x`;
        statuses.push((await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${forged}`)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    it('allows the configured origin only', async () => {
      const allowed = await t.http
        .options('/api/v1/enterprises')
        .set('Origin', 'https://dashboard.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://dashboard.example');
      const other = await t.http.options('/api/v1/enterprises').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sends HSTS when configured', async () => {
      const response = await t.http.get('/health');
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    });
  });
});
