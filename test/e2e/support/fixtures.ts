import { creditCodeCheckCharacter, residentIdCheckCharacter } from '#libs/domain';

let sequence = 0;

/** A valid 统一社会信用代码 for Yiyang (region 4309xx), different on each call. */
export function newCreditCode(county = '430903'): string {
  sequence += 1;
  const body = `9143${county.slice(2)}${String(sequence).padStart(9, '0')}`.slice(0, 17);
  return body + creditCodeCheckCharacter(body);
}

/** A valid 18-digit resident ID number born on `birthDate`, different on each call. */
export function newIdNumber(birthDate = '1990-05-17', county = '430903'): string {
  sequence += 1;
  const body = `${county}${birthDate.replaceAll('-', '')}${String(sequence % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}
