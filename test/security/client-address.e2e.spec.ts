import { decodeJwt } from 'jose';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

/** The dashboard sign-in and the rate limit, attacked through (or around) a reverse proxy. */
describe('the client address behind a proxy', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const signIn = (app: TestApp, headers: Record<string, string> = {}) => app.http.post('/api/v1/dev/tokens').set(headers).send({ role: 'city_admin' });

  it('refuses the loopback-only sign-in to a remote client behind a proxy on loopback (TRUST_PROXY_HOPS=1)', async () => {
    t = await startTestApp({ TRUST_PROXY_HOPS: '1' });
    const remote = await signIn(t, { 'X-Forwarded-For': '203.0.113.7' });
    expect([remote.status, remote.body.token]).toEqual([403, undefined]);
    // Claiming to be local through the proxy does not help either.
    expect((await signIn(t, { 'X-Forwarded-For': '127.0.0.1' })).status).toBe(403);
  });

  it('refuses it to any request that says it was forwarded, with no proxy configured (an unannounced proxy on loopback)', async () => {
    t = await startTestApp();
    const forwarded: Array<Record<string, string>> = [
      { 'X-Forwarded-For': '203.0.113.7' },
      { Forwarded: 'for=203.0.113.7' },
      { 'X-Real-IP': '203.0.113.7' },
      { Via: '1.1 nginx' },
      { 'X-Forwarded-Host': 'safety.example.cn' },
      { 'X-Forwarded-Proto': 'https' },
      { 'X-Forwarded-Port': '443' },
      { 'CF-Connecting-IP': '203.0.113.7' },
      { 'Fastly-Client-IP': '203.0.113.7' },
      { 'X-Cluster-Client-IP': '203.0.113.7' },
      { 'X-Original-Forwarded-For': '203.0.113.7' },
      { 'True-Client-IP': '203.0.113.7' },
      { 'X-Client-IP': '203.0.113.7' },
    ];
    for (const headers of forwarded) {
      expect((await signIn(t, headers)).status).toBe(403);
    }
    expect((await signIn(t)).status).toBe(201);
  });

  it('gives each sign-in a subject of its own, and a lifetime within the maximum', async () => {
    t = await startTestApp({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600' });
    const [first, second] = [await signIn(t), await signIn(t)];
    const subjects = [first, second].map((answer) => decodeJwt(answer.body.token).sub);
    expect(subjects[0]).not.toBe(subjects[1]);
    const claims = decodeJwt(first.body.token);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(first.body.expiresIn).toBe(3600);
  });

  it('counts a client that rotates X-Forwarded-For straight on the api port under its own address (proxy elsewhere)', async () => {
    t = await startTestApp({ TRUST_PROXY_HOPS: '1', TRUSTED_PROXIES: '10.9.9.9', RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await t.http.get('/api/v1/milestones').set('X-Forwarded-For', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('counts clients apart when the proxy in front reports them (TRUST_PROXY_HOPS=1, proxy on loopback)', async () => {
    t = await startTestApp({ TRUST_PROXY_HOPS: '1', RATE_LIMIT_PER_MINUTE: '2' });
    const call = (client: string) => t!.http.get('/api/v1/milestones').set('X-Forwarded-For', client);
    expect([(await call('198.51.100.1')).status, (await call('198.51.100.1')).status, (await call('198.51.100.1')).status]).toEqual([401, 401, 429]);
    expect((await call('198.51.100.2')).status).toBe(401);
  });
});
