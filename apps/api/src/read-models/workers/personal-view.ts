import type { SealedPersonalData } from '#libs/domain';
import type { PersonalDataVault } from '../../personal-data/personal-data-vault.js';

export type PersonalView = { erased: true } | { erased: false; name: string; idNumber: string; birthDate: string; phone?: string };

/** `430903********123X`: the region and the last four, never the birth date. */
export const maskIdNumber = (idNumber: string): string => `${idNumber.slice(0, 6)}${'*'.repeat(Math.max(0, idNumber.length - 10))}${idNumber.slice(-4)}`;
/**
 * A certificate's number as a role that sees masked ID numbers sees it: a number as long as an ID number
 * (it usually is one) masked as one, a shorter one down to its last four characters.
 */
export const maskCertificateNumber = (number: string): string =>
  number.length >= 15 ? maskIdNumber(number) : `${'*'.repeat(Math.max(0, number.length - 4))}${number.length > 4 ? number.slice(-4) : ''}`;
const maskPhone = (phone: string): string => (phone.length > 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '*'.repeat(phone.length));

/**
 * Opens the sealed personal data for one answer. Roles that need the person's identity (an
 * inspector on site, the enterprise that employs them) see it in full; others see it masked.
 * An erased person (key deleted) has no personal fields at all.
 */
export async function personalView(vault: PersonalDataVault, sealed: SealedPersonalData | null, full: boolean): Promise<PersonalView> {
  const data = sealed ? await vault.open(sealed) : null;
  if (!data) return { erased: true };
  return {
    erased: false,
    name: data.name,
    idNumber: full ? data.idNumber : maskIdNumber(data.idNumber),
    birthDate: full ? data.birthDate : `${data.birthDate.slice(0, 4)}-**-**`,
    ...(data.phone ? { phone: full ? data.phone : maskPhone(data.phone) } : {}),
  };
}

/**
 * A certificate's number for one answer (decision 0020): opened with the holder's key, in full or masked
 * as the ID number is; null once the holder is erased, whether it was sealed or, written before the
 * decision, kept in clear.
 */
export async function certificateNumberView(
  vault: PersonalDataVault,
  certificate: { sealedNumber?: SealedPersonalData | null; legacyNumber?: string | null },
  holder: { erased: boolean },
  full: boolean,
): Promise<string | null> {
  if (holder.erased) return null;
  const number = certificate.sealedNumber ? await vault.openCertificateNumber(certificate.sealedNumber) : (certificate.legacyNumber ?? null);
  if (number === null) return null;
  return full ? number : maskCertificateNumber(number);
}
