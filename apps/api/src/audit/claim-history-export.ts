import type { ClaimHistory } from './claim-history.js';

/** How to check an export offline, written into it so the file explains itself. */
const HOW_TO_VERIFY = [
  'For each event, hash = SHA-256 (hex) of the canonical JSON of { id, type, data, metadata }:',
  'object keys sorted, no whitespace, UTF-8. The first event has metadata.prevHash null; every later',
  "event's metadata.prevHash equals the previous event's hash. Compare the last hash with integrity.headHash",
  'and with any head hash quoted earlier.',
].join(' ');

export function toJsonExport(history: ClaimHistory, raw: unknown[], exportedAt: string): object {
  return { format: 'subsidy-claim-history/1', exportedAt, claimId: history.claimId, howToVerify: HOW_TO_VERIFY, integrity: history.integrity, events: raw, evidence: history.evidence };
}

const CSV_COLUMNS = ['revision', 'position', 'type', 'occurredAt', 'recordedAt', 'actorSub', 'actorRole', 'correlationId', 'causationId', 'prevHash', 'hash', 'status', 'data'] as const;

export function toCsv(history: ClaimHistory): string {
  const rows = history.events.map((event) => [
    event.revision,
    event.position,
    event.type,
    event.occurredAt,
    event.recordedAt,
    event.actor.sub,
    event.actor.role,
    event.correlationId,
    event.causationId ?? '',
    event.prevHash ?? '',
    event.hash,
    event.stateAfter.status,
    JSON.stringify(event.data),
  ]);
  return [CSV_COLUMNS.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n') + '\r\n';
}

/**
 * What a spreadsheet may take as the start of a formula: = + - @, TAB and CR, and the full-width forms
 * (＝ ＋ － ＠), their small forms (﹦ ﹢ ﹣) and the minus sign (−), that some spreadsheets fold into them.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\u2212]/;

/** RFC 4180 quoting; a cell that could start a formula is prefixed with ' so that a spreadsheet never runs it. */
export function csvField(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
