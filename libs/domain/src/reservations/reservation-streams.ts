import type { StreamCategory } from '../event-types.js';

/** A stream as the domain names it: its category and the id within it (the event store joins them). */
export interface StreamRef {
  category: StreamCategory;
  id: string;
}

/**
 * Reservation streams hold the rules that span aggregates under concurrency: the application
 * appends the first event with expected state "no stream", so of two racing commands one wins.
 * Ids may hold only ASCII letters, digits, `_`, `.` and `:` (no `-`: it separates the category).
 */
export const reservationStreams = {
  /** One lifelong account per ID number (个人终身账号). */
  personId: (idNumberHash: string): StreamRef => ({ category: 'person_id', id: idNumberHash }),
  /** A person and certificate code subsidised once only. */
  subsidy: (personId: string, subsidyCode: string): StreamRef => ({ category: 'subsidy_reservation', id: `${personId}_${subsidyCode}` }),
  /** The person's subsidised trainings in a calendar year (at most 3). */
  subsidyYear: (personId: string, year: number): StreamRef => ({ category: 'subsidy_year', id: `${personId}_${year}` }),
  /** A class claimed by the enterprise or by the provider, not both. */
  subsidyClass: (classId: string): StreamRef => ({ category: 'subsidy_class', id: classId }),
};
