/** Whether `value` is one of a vocabulary's words (`REVOCATION_REASONS`, `DEMONSTRATION_SITE_KINDS`). */
export const isOneOf = <T extends string>(words: readonly T[], value: unknown): value is T => (words as readonly unknown[]).includes(value);
