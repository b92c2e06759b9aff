import type { DomainEvent } from '../shared/decision.js';

/**
 * Streams that hold one key each, taken by the first command that appends to them (expected state
 * "no stream"), so that a second enterprise or certificate with the same key is refused.
 */

/** Stream `enterprise_credit_code-<creditCode>`: one enterprise per credit code (统一社会信用代码). */
export type CreditCodeReserved = DomainEvent<'CreditCodeReserved', { creditCode: string; enterpriseId: string }>;

/**
 * Stream `certificate_number-<sha256 of issuer, type and number>`: one certificate per number, issuer and
 * type, in logs written before decision 0020 (read only: the number is now claimed in the key store).
 */
export type CertificateNumberReserved = DomainEvent<'CertificateNumberReserved', { certificateId: string }>;
