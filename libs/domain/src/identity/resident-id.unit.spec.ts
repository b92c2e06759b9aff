import { ageOn, checkResidentId, residentIdCheckCharacter } from './resident-id.js';

// 11010519491231002X is the worked example of GB 11643-1999; the others are built from it or by the algorithm.
const EXAMPLE = '11010519491231002X';
const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);

describe('resident ID (居民身份证号码)', () => {
  it('accepts the standard example and returns the birth date', () => {
    expect(checkResidentId(EXAMPLE)).toEqual({ ok: true, birthDate: '1949-12-31' });
  });

  it('accepts a lower-case x and surrounding spaces', () => {
    expect(checkResidentId(' 11010519491231002x ')).toEqual({ ok: true, birthDate: '1949-12-31' });
  });

  it('accepts a Yiyang number built with a correct check character', () => {
    expect(checkResidentId(withCheck('43090319900229123'))).toMatchObject({ ok: false }); // 1990 is no leap year
    expect(checkResidentId(withCheck('43090319920229123'))).toEqual({ ok: true, birthDate: '1992-02-29' });
  });

  it.each([
    ['a wrong check character', '110105194912310021', 'check character'],
    ['too short', '11010519491231002', '17 digits'],
    ['letters inside', '1101051949123100AX', '17 digits'],
    ['an unknown province prefix', withCheck('99010519491231002'), 'region'],
    ['an impossible birth date', withCheck('11010519491331002'), 'birth date'],
    ['a birth date before 1850', withCheck('11010518001231002'), 'birth date'],
  ])('refuses %s without repeating the number', (_label, id, words) => {
    const result = checkResidentId(id);
    expect(result).toMatchObject({ ok: false, code: 'invalid_id_number' });
    if (result.ok) return;
    expect(result.message).toContain(words);
    expect(result.message).not.toContain(id.slice(0, 6));
  });

  it('refuses a birth date after today when today is given', () => {
    const id = withCheck('43090320300101123');
    expect(checkResidentId(id)).toMatchObject({ ok: true });
    expect(checkResidentId(id, '2026-01-01')).toMatchObject({ ok: false, code: 'invalid_id_number' });
  });

  it('computes age in whole years, birthdays included', () => {
    expect(ageOn('2008-06-15', '2026-06-14')).toBe(17);
    expect(ageOn('2008-06-15', '2026-06-15')).toBe(18);
    expect(ageOn('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageOn('2004-02-29', '2022-03-01')).toBe(18);
  });
});
