import { createHash } from 'node:crypto';
import type { CertificateIssued } from '../certificates/certificate.js';

/**
 * What "the same person and certificate code" means for the once-only rule: the catalogue code of
 * a special-operation certificate (`1.2`); for the others, the type, level and a digest of the
 * occupation (`skill_level:4:1f0c…`), because the code is part of a reservation stream id, which
 * allows only ASCII letters, digits, `_`, `.` and `:`.
 */
export const subsidyCodeOf = (certificate: CertificateIssued['data']): string => {
  if (certificate.type === 'special_operation') return certificate.specialOperationCode!;
  const occupation = createHash('sha256').update((certificate.occupation ?? '').trim()).digest('hex').slice(0, 16);
  return `${certificate.type}:${certificate.level ?? 0}:${occupation}`;
};
