/**
 * The 18-character unified social credit code (统一社会信用代码, GB 32100-2015): registration
 * authority, organisation category, 6-digit region code, 9-character organisation code and a
 * check character, all over a 31-character alphabet without I, O, S, V and Z.
 */
export type CreditCodeCheck = { ok: true } | { ok: false; code: 'invalid_credit_code'; message: string };

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const invalid = (message: string): CreditCodeCheck => ({ ok: false, code: 'invalid_credit_code', message });

/** The check character of the first 17 characters (weights 3^i mod 31, check = 31 − sum mod 31). */
export const creditCodeCheckCharacter = (first17: string): string => {
  const sum = [...first17].reduce((total, char, i) => total + ALPHABET.indexOf(char) * WEIGHTS[i]!, 0);
  return ALPHABET[(31 - (sum % 31)) % 31]!;
};

export const checkCreditCode = (value: string): CreditCodeCheck => {
  const code = value.trim().toUpperCase();
  if (code.length !== 18) return invalid('the credit code must be 18 characters');
  if (![...code].every((char) => ALPHABET.includes(char))) {
    return invalid('the credit code may use only digits and capital letters other than I, O, S, V and Z');
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return invalid('characters 3 to 8 of the credit code must be a region code');
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code[17]) {
    return invalid('the credit code check character does not match');
  }
  return { ok: true };
};
