/**
 * Stream names are `<category>-<id>`, with exactly one `-`: KurrentDB's `$by_category` projection and
 * its stream-name filters split on the first `-`, so a second one would make the category ambiguous.
 * - category: lower case, starts with a letter, then letters, digits, `_` (`worker`, `subsidy_claim`);
 * - id: letters, digits, `_`, `.`, `:` — no `-`, so a UUID is written without its dashes
 *   (`worker-3f2b9c0e5d6a4b1c9e8f7a6b5c4d3e2f`).
 */
const STREAM_NAME = /^[a-z][a-z0-9_]{0,63}-[A-Za-z0-9_.:]{1,128}$/;

/** Past tense, PascalCase: `WorkerEnrolled`. */
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

export const isValidStreamName = (streamId: string): boolean => STREAM_NAME.test(streamId);

export const isValidEventType = (type: string): boolean => EVENT_TYPE.test(type);

/** `subsidy_claim-42` → `subsidy_claim`. Throws on a name that is not `<category>-<id>`. */
export const categoryOf = (streamId: string): string => {
  if (!isValidStreamName(streamId)) throw new TypeError(`not a stream name: ${JSON.stringify(streamId)}`);
  return streamId.slice(0, streamId.indexOf('-'));
};

/**
 * `streamName('subsidy_claim', '42')` → `subsidy_claim-42`: the one place a stream's name is made.
 * It does not check: the store refuses an append to an invalid name, and reading one finds nothing.
 */
export const streamName = (category: string, id: string): string => `${category}-${id}`;

/** `subsidy_claim-42` → `42`. Throws on a name that is not `<category>-<id>`. */
export const idOf = (streamId: string): string => streamId.slice(categoryOf(streamId).length + 1);
