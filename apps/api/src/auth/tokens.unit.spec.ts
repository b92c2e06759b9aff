import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import type { AuthenticatedActor } from './roles.js';
import { createTokenVerifier, InvalidTokenError, loadOrCreateSecret, rememberingVerifier, signEmbeddedToken, type VerifiedToken } from './tokens.js';

const officer: AuthenticatedActor = { sub: 'officer-17', role: 'em_officer', scope: { countyCode: '430903' } };

/** A signature check that counts its calls and answers from a table; unknown tokens are refused. */
function countingCheck(tokens: Record<string, VerifiedToken>) {
  const calls: string[] = [];
  const verify = async (token: string): Promise<VerifiedToken> => {
    calls.push(token);
    const known = tokens[token];
    if (!known) throw new InvalidTokenError('bad signature');
    return known;
  };
  return { calls, verify };
}

describe('verified tokens remembered briefly', () => {
  let now = 1_000_000;
  const memory = { ttlMs: 30_000, maxEntries: 2, now: () => now };
  beforeEach(() => (now = 1_000_000));

  it('verifies a token once, then answers the same actor from memory until the time to live ends', async () => {
    const check = countingCheck({ a: { actor: officer, expiresAtMs: null } });
    const verifier = rememberingVerifier(check.verify, memory);
    await expect(verifier.verify('a')).resolves.toEqual(officer);
    now += 29_999;
    await expect(verifier.verify('a')).resolves.toEqual(officer);
    expect(check.calls).toEqual(['a']);
    now += 1;
    await verifier.verify('a');
    expect(check.calls).toEqual(['a', 'a']);
  });

  it('never past the token’s exp: a token about to expire is checked again, and refused then', async () => {
    const tokens: Record<string, VerifiedToken> = { a: { actor: officer, expiresAtMs: now + 5_000 } };
    const check = countingCheck(tokens);
    const verifier = rememberingVerifier(check.verify, memory);
    await verifier.verify('a');
    now += 5_000;
    delete tokens['a'];
    await expect(verifier.verify('a')).rejects.toBeInstanceOf(InvalidTokenError);
    expect(check.calls).toEqual(['a', 'a']);
  });

  it('does not remember a token accepted after its exp (within a clock tolerance)', async () => {
    const check = countingCheck({ a: { actor: officer, expiresAtMs: now - 10_000 } });
    const verifier = rememberingVerifier(check.verify, memory);
    await verifier.verify('a');
    await verifier.verify('a');
    expect(check.calls).toEqual(['a', 'a']);
  });

  it('does not remember a refused token, nor take a token that differs by one character for a remembered one', async () => {
    const check = countingCheck({ a: { actor: officer, expiresAtMs: null } });
    const verifier = rememberingVerifier(check.verify, memory);
    await verifier.verify('a');
    await expect(verifier.verify('a ')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(verifier.verify('a ')).rejects.toBeInstanceOf(InvalidTokenError);
    expect(check.calls).toEqual(['a', 'a ', 'a ']);
  });

  it('holds a bounded number of tokens, forgetting the oldest first', async () => {
    const actor = (sub: string): VerifiedToken => ({ actor: { ...officer, sub }, expiresAtMs: null });
    const check = countingCheck({ a: actor('a'), b: actor('b'), c: actor('c') });
    const verifier = rememberingVerifier(check.verify, memory);
    for (const token of ['a', 'b', 'c', 'c', 'b', 'a']) await verifier.verify(token);
    expect(check.calls).toEqual(['a', 'b', 'c', 'a']);
  });

  it('hands each request its own actor: changing one does not change the remembered one', async () => {
    const verifier = rememberingVerifier(countingCheck({ a: { actor: officer, expiresAtMs: null } }).verify, memory);
    const first = await verifier.verify('a');
    first.scope!.countyCode = '430921';
    await expect(verifier.verify('a')).resolves.toEqual(officer);
  });

  describe('with the embedded HS256 tokens', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'tokens-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts a token of the secret again from memory and still refuses one of another secret', async () => {
      const secret = loadOrCreateSecret(path.join(dir, 'token-secret'));
      const verifier = createTokenVerifier({
        kind: 'hs256',
        secret: { kind: 'file', path: path.join(dir, 'token-secret'), createIfMissing: true },
        issuer: 'safety-skills-embedded',
        clockToleranceSeconds: 30,
        maxLifetimeSeconds: 86_400,
      });
      const token = await signEmbeddedToken(secret, 'safety-skills-embedded', { sub: 'officer-17', role: 'em_officer', county: '430903' });
      await expect(verifier.verify(token)).resolves.toEqual(officer);
      await expect(verifier.verify(token)).resolves.toEqual(officer);
      const forged = await signEmbeddedToken(new Uint8Array(32).fill(7), 'safety-skills-embedded', { sub: 'officer-17', role: 'city_admin' });
      await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    });

    it('refuses an embedded token without exp, and one issued years ahead, even signed with the secret', async () => {
      const secret = loadOrCreateSecret(path.join(dir, 'token-secret'));
      const verifier = createTokenVerifier({
        kind: 'hs256',
        secret: { kind: 'file', path: path.join(dir, 'token-secret'), createIfMissing: true },
        issuer: 'safety-skills-embedded',
        clockToleranceSeconds: 30,
        maxLifetimeSeconds: 86_400,
      });
      const now = Math.floor(Date.now() / 1000);
      const claims = { role: 'em_officer', county: '430903' };
      const base = () => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-19').setIssuer('safety-skills-embedded');
      const forever = await base().setIssuedAt(now).sign(secret);
      const ahead = await base().setIssuedAt(now + 3 * 365 * 86_400).setExpirationTime(now + 3 * 365 * 86_400 + 3600).sign(secret);
      const fine = await base().setIssuedAt(now).setExpirationTime(now + 3600).sign(secret);
      await expect(verifier.verify(forever)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(verifier.verify(ahead)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(verifier.verify(fine)).resolves.toMatchObject({ sub: 'officer-19' });
    });

    it('refuses an embedded token that outlives the maximum lifetime (the secret alone does not make it good)', async () => {
      const secret = loadOrCreateSecret(path.join(dir, 'token-secret'));
      const verifier = createTokenVerifier({
        kind: 'hs256',
        secret: { kind: 'file', path: path.join(dir, 'token-secret'), createIfMissing: true },
        issuer: 'safety-skills-embedded',
        clockToleranceSeconds: 30,
        maxLifetimeSeconds: 3600,
      });
      const long = await signEmbeddedToken(secret, 'safety-skills-embedded', { sub: 'officer-18', role: 'em_officer', county: '430903' }, 7200);
      await expect(verifier.verify(long)).rejects.toBeInstanceOf(InvalidTokenError);
    });
  });
});
