/**
 * Reservation streams hold the rules that span aggregates under concurrency: the application
 * appends the first event with expected state "no stream", so of two racing commands one wins.
 * Ids may hold only ASCII letters, digits, `_`, `.` and `:` (one `-`, the category separator).
 */
export const reservationStreams = {
  /** One lifelong account per ID number (个人终身账号). */
  personId: (idNumberHash: string) => `person_id-${idNumberHash}`,
  /** A person and certificate code subsidised once only. */
  subsidy: (personId: string, subsidyCode: string) => `subsidy_reservation-${personId}_${subsidyCode}`,
  /** The person's subsidised trainings in a calendar year (at most 3). */
  subsidyYear: (personId: string, year: number) => `subsidy_year-${personId}_${year}`,
  /** A class claimed by the enterprise or by the provider, not both. */
  subsidyClass: (classId: string) => `subsidy_class-${classId}`,
};
