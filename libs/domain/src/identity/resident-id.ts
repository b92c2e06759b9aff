import { type Day, isValidDay } from '../shared/day.js';

/**
 * The 18-character resident ID (居民身份证号码, GB 11643-1999): a 6-digit region code, an 8-digit
 * birth date, a 3-digit sequence and an ISO 7064 MOD 11-2 check character (0-9 or X).
 * Messages never repeat the number: it is personal data.
 */
export type ResidentIdCheck =
  | { ok: true; birthDate: Day }
  | { ok: false; code: 'invalid_id_number'; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
/** Province-level prefixes of GB/T 2260, plus 71/81/82 (Taiwan, Hong Kong, Macao) and 83 (Taiwan residents' residence permits). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const invalid = (message: string): ResidentIdCheck => ({ ok: false, code: 'invalid_id_number', message });

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export const residentIdCheckCharacter = (first17: string): string => {
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * WEIGHTS[i]!, 0);
  return CHECK_CHARACTERS[sum % 11]!;
};

/** Validates shape, region prefix, birth date (real, from 1850, not after `today` when given) and check character. */
export const checkResidentId = (value: string, today?: Day): ResidentIdCheck => {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return invalid('the ID number must be 17 digits followed by a digit or X');
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) {
    return invalid('the ID number does not start with a known region code');
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isValidDay(birthDate) || birthDate < '1850-01-01' || (today !== undefined && birthDate > today)) {
    return invalid('the ID number does not contain a valid birth date');
  }
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) {
    return invalid('the ID number check character does not match');
  }
  return { ok: true, birthDate };
};

/** Age in whole years on `day`; someone born on 29 February turns a year older on 1 March in common years. */
export const ageOn = (birthDate: Day, day: Day): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
};
