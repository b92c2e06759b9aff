import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { createTokenVerifier, InvalidTokenError, type TokenVerifier } from '../../apps/api/src/auth/tokens.js';
import { startTestApp, type TestApp } from '../e2e/support/test-app.js';

const ISSUER = 'https://idp.example/realms/yiyang';
const AUDIENCE = 'safety-skills-api';
const TOLERANCE = 30;
const MAX_LIFETIME = 3600;

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'PS256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, use: 'sig' } };
}

/** A JWKS endpoint as an identity provider serves it, on a free local port. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url !== '/jwks.json') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, server };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('production tokens: RS256/ES256 from a JWKS URL', () => {
  let rsa: SigningKey;
  let ec: SigningKey;
  let unpublished: SigningKey;
  let jwks: { url: string; server: Server };
  let verifier: TokenVerifier;

  beforeAll(async () => {
    [rsa, ec, unpublished] = await Promise.all([signingKey('rsa-1', 'RS256'), signingKey('ec-1', 'ES256'), signingKey('rsa-2', 'RS256')]);
    jwks = await serveJwks([rsa.jwk, ec.jwk]);
    verifier = createTokenVerifier({ kind: 'jwks', jwksUrl: jwks.url, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: TOLERANCE, maxLifetimeSeconds: MAX_LIFETIME });
  });
  afterAll(() => new Promise<void>((resolve) => jwks.server.close(() => resolve())));

  const claims = (over: JWTPayload = {}): JWTPayload => ({ sub: 'officer-17', role: 'em_officer', county: '430903', ...over });

  function sign(
    key: SigningKey,
    payload: JWTPayload = claims(),
    options: { iss?: string; aud?: string; exp?: number | null; iat?: number | null; kid?: string } = {},
  ) {
    const jwt = new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE);
    if (options.iat !== null) jwt.setIssuedAt(options.iat ?? nowSeconds());
    if (options.exp !== null) jwt.setExpirationTime(options.exp ?? nowSeconds() + 300);
    return jwt.sign(key.privateKey);
  }

  const refused = async (token: string | Promise<string>) => expect(verifier.verify(await token)).rejects.toBeInstanceOf(InvalidTokenError);

  it('turns a valid RS256 token into the actor with its role and scope', async () => {
    await expect(verifier.verify(await sign(rsa))).resolves.toEqual({ sub: 'officer-17', role: 'em_officer', scope: { countyCode: '430903' } });
  });

  it('accepts ES256 from the same key set', async () => {
    const token = await sign(ec, claims({ sub: 'ent-admin', role: 'enterprise_admin', county: undefined, enterprise: 'e1' }));
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'ent-admin', role: 'enterprise_admin', scope: { enterpriseId: 'e1' } });
  });

  it('refuses another issuer', () => refused(sign(rsa, claims(), { iss: 'https://other-idp.example' })));
  it('refuses another audience', () => refused(sign(rsa, claims(), { aud: 'another-api' })));
  it('refuses an algorithm outside RS256/ES256 even with a published key (PS256)', async () => {
    const ps = await signingKey('rsa-1', 'PS256');
    const served = await serveJwks([{ ...ps.jwk, kid: 'ps-1' }]);
    const psVerifier = createTokenVerifier({ kind: 'jwks', jwksUrl: served.url, issuer: ISSUER, audience: AUDIENCE, clockToleranceSeconds: TOLERANCE, maxLifetimeSeconds: MAX_LIFETIME });
    try {
      await expect(psVerifier.verify(await sign(ps, claims(), { kid: 'ps-1' }))).rejects.toBeInstanceOf(InvalidTokenError);
    } finally {
      served.server.close();
    }
  });
  it('refuses a token expired beyond the clock tolerance', () => refused(sign(rsa, claims(), { exp: nowSeconds() - TOLERANCE - 30 })));
  it('accepts a token expired within the clock tolerance', async () => {
    await expect(verifier.verify(await sign(rsa, claims(), { exp: nowSeconds() - TOLERANCE + 15 }))).resolves.toMatchObject({ sub: 'officer-17' });
  });
  it('refuses a token without exp (it would never end)', () => refused(sign(rsa, claims(), { exp: null })));
  it('refuses a token without iat (its lifetime cannot be told)', () => refused(sign(rsa, claims(), { iat: null })));
  it('refuses a token issued in the future beyond the clock tolerance (iat years ahead)', async () => {
    await refused(sign(rsa, claims(), { iat: nowSeconds() + 3 * 365 * 86400, exp: nowSeconds() + 3 * 365 * 86400 + 300 }));
    await refused(sign(rsa, claims(), { iat: nowSeconds() + TOLERANCE + 30 }));
  });
  it('accepts an iat ahead within the clock tolerance', async () => {
    await expect(verifier.verify(await sign(rsa, claims(), { iat: nowSeconds() + TOLERANCE - 15 }))).resolves.toMatchObject({ sub: 'officer-17' });
  });
  it('refuses a token whose lifetime (exp − iat) exceeds the maximum, and one issued longer ago than the maximum', async () => {
    await refused(sign(rsa, claims(), { exp: nowSeconds() + MAX_LIFETIME + 60 }));
    await refused(sign(rsa, claims(), { iat: nowSeconds() - MAX_LIFETIME - TOLERANCE - 60, exp: nowSeconds() + 60 }));
  });
  it('refuses a key id the JWKS does not publish', () => refused(sign(unpublished)));
  it('refuses a published key id whose signature is from another key', () => refused(sign(unpublished, claims(), { kid: 'rsa-1' })));
  it('refuses a token without a role', () => refused(sign(rsa, claims({ role: undefined }))));
  it('refuses a role it does not know', () => refused(sign(rsa, claims({ role: 'superuser' }))));
  it('refuses a scoped role without its scope claim', () => refused(sign(rsa, claims({ county: undefined }))));
  it('refuses a token without a subject', () => refused(sign(rsa, claims({ sub: undefined }))));

  it('refuses HS256 in JWKS mode, also when signed with the published public key as the secret', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(rsa.jwk));
    const token = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime(nowSeconds() + 300)
      .sign(secret);
    await refused(token);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    await refused(`${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims(), iss: ISSUER, aud: AUDIENCE, exp: nowSeconds() + 300 })}.`);
  });

  describe('over HTTP, configured by AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_CLOCK_TOLERANCE_SECONDS: String(TOLERANCE) });
    });
    afterAll(() => t.close());

    it('lets a token of the identity provider in and keeps a wrong-audience one out', async () => {
      const ok = await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${await sign(rsa, claims({ role: 'viewer', county: undefined }))}`);
      expect(ok.status).toBe(200);
      const wrong = await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${await sign(rsa, claims({ role: 'viewer' }), { aud: 'x' })}`);
      expect(wrong.status).toBe(401);
      expect(wrong.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses HS256 tokens, with the right issuer and audience', async () => {
      const hs256 = await new SignJWT({ role: 'viewer' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('someone')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(nowSeconds() + 300)
        .sign(new TextEncoder().encode('a-secret-the-attacker-chose-32-bytes!'));
      expect((await t.http.get('/api/v1/milestones').set('Authorization', `Bearer ${hs256}`)).status).toBe(401);
    });
  });
});
