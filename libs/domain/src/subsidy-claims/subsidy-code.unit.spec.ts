import { specialOperationCertificate } from '../testing/certificate-fixtures.js';
import { subsidyCodeOf } from './subsidy-code.js';

describe('subsidy code', () => {
  it('is the catalogue code for special operations', () => {
    expect(subsidyCodeOf(specialOperationCertificate({ specialOperationCode: '9.10' }).issued!)).toBe('9.10');
  });

  it('is type, level and an ASCII digest of the occupation otherwise, equal for equal occupations', () => {
    const welder = (level: number) => specialOperationCertificate({ type: 'skill_level', specialOperationCode: undefined, occupation: '焊工', level }).issued!;
    expect(subsidyCodeOf(welder(4))).toMatch(/^skill_level:4:[0-9a-f]{16}$/);
    expect(subsidyCodeOf(welder(4))).toBe(subsidyCodeOf(welder(4)));
    expect(subsidyCodeOf(welder(3))).not.toBe(subsidyCodeOf(welder(4)));
  });
});
