/** What every command answers: `{ id, revision, position, warnings? }`; `created` picks 201 over 200. */
export interface CommandAnswer {
  id: string;
  revision: number;
  /** Global position of the last event appended, as a decimal string. */
  position: string;
  warnings?: string[];
  /** Extra facts a command reports (e.g. `passed` for an exam). */
  [extra: string]: unknown;
}

export interface CommandResult {
  answer: CommandAnswer;
  created: boolean;
  /** The first answer again, for a retry with the same `Idempotency-Key`: nothing was appended. */
  replayed?: boolean;
}
