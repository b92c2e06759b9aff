import { checkCreditCode, creditCodeCheckCharacter } from './credit-code.js';

// Published codes of two well-known companies (public registration data, not personal data).
const REAL = ['91110108551385082Q', '9144030071526726XG'];

describe('unified social credit code (统一社会信用代码)', () => {
  it.each(REAL)('accepts %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true });
  });

  it('accepts a Yiyang-shaped code built by the algorithm, in lower case too', () => {
    const first17 = '91430900MA4L0AB1C';
    const code = first17 + creditCodeCheckCharacter(first17);
    expect(checkCreditCode(code)).toEqual({ ok: true });
    expect(checkCreditCode(code.toLowerCase())).toEqual({ ok: true });
  });

  it.each([
    ['a wrong check character', '91110108551385082R', 'check character'],
    ['17 characters', '91110108551385082', '18 characters'],
    ['a forbidden letter (I, O, S, V, Z)', '91110108551385O82Q', 'capital letters'],
    ['a region code with letters', '9111A108551385082Q', 'region code'],
  ])('refuses %s', (_label, code, words) => {
    const result = checkCreditCode(code);
    expect(result).toMatchObject({ ok: false, code: 'invalid_credit_code' });
    expect(!result.ok && result.message).toContain(words);
  });
});
