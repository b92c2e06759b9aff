/**
 * The PostgreSQL event store's table and its append function. See
 * docs/decisions/0009-postgresql-event-store-positions.md for why positions are assigned under a
 * transaction-scoped advisory lock.
 *
 * `position` comes from an identity sequence: a rolled-back append (a wrong revision inside a group)
 * consumes its numbers, so positions have gaps. They still increase in commit order, because every
 * append takes the same advisory lock before it takes a number and keeps it until its COMMIT is
 * visible. Data and metadata are stored as the JSON text the writer serialised (`text`, not `jsonb`:
 * nothing queries inside them, and the text is what the hash chain covers).
 */

/** Key of the advisory lock that serialises appends (and schema creation) across every process. */
export const APPEND_LOCK_KEY = '7340451273095311';

/** The channel the append function notifies at commit; live subscriptions LISTEN on it. */
export const NOTIFY_CHANNEL = 'events_appended';

export const EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    position    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   text        NOT NULL,
    revision    integer     NOT NULL,
    category    text        NOT NULL,
    event_id    uuid        NOT NULL,
    type        text        NOT NULL,
    data        text        NOT NULL,
    metadata    text        NOT NULL,
    recorded_at timestamptz NOT NULL,
    CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
  )`;

/**
 * One call appends a whole group of callers' appends in one transaction and one round trip.
 *
 * Parts are the streams of each caller's append, in order; `p_append[i]` says which append part i
 * belongs to, `p_count[i]` how many of the flattened events are its own. Each append runs in its own
 * subtransaction (the BEGIN … EXCEPTION block): a wrong expected revision or a reused event id rolls
 * back that append alone and is returned as `SS409 {json}` / `SS422 {json}`; any other error fails the
 * whole call. A successful append returns `revision:position` for each of its parts, comma-separated.
 *
 * A retry is recognised as the SQLite adapter recognises it: the stream already holds these ids where
 * the expected revision put them (for `any`/`exists`, as its last events).
 */
export const APPEND_FUNCTION = `
  CREATE OR REPLACE FUNCTION append_events(
    p_append integer[], p_stream text[], p_category text[], p_expected text[], p_count integer[],
    p_id uuid[], p_type text[], p_data text[], p_metadata text[], p_recorded_at timestamptz
  ) RETURNS text[] LANGUAGE plpgsql AS $fn$
  DECLARE
    results   text[] := '{}';
    parts     integer := coalesce(array_length(p_stream, 1), 0);
    part      integer := 1;
    offs      integer := 1;
    append_no integer;
    first_part integer;
    outcome   text[];
    n         integer;
    expected  text;
    cur       integer;
    first_rev bigint;
    matched   integer;
    same_ids  boolean;
    same_content boolean;
    last_rev  integer;
    last_pos  bigint;
    wrote     boolean := false;
  BEGIN
    PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});
    WHILE part <= parts LOOP
      append_no := p_append[part];
      first_part := part;
      BEGIN
        outcome := '{}';
        WHILE part <= parts AND p_append[part] = append_no LOOP
          n := p_count[part];
          expected := p_expected[part];
          SELECT max(revision) INTO cur FROM events WHERE stream_id = p_stream[part];
          last_rev := NULL;
          IF cur IS NOT NULL THEN
            first_rev := CASE
              WHEN expected = 'no_stream' THEN 0
              WHEN expected IN ('any', 'exists') THEN cur - n + 1
              ELSE expected::bigint + 1 END;
            IF first_rev >= 0 AND first_rev <= cur THEN
              SELECT count(*)::integer, bool_and(e.event_id = x.id),
                     bool_and(e.type = x.type AND e.data::jsonb = x.data::jsonb AND e.metadata::jsonb = x.metadata::jsonb),
                     max(e.revision), max(e.position)
                INTO matched, same_ids, same_content, last_rev, last_pos
                FROM unnest(p_id[offs:offs + n - 1], p_type[offs:offs + n - 1], p_data[offs:offs + n - 1], p_metadata[offs:offs + n - 1])
                     WITH ORDINALITY AS x(id, type, data, metadata, ord)
                JOIN events e ON e.stream_id = p_stream[part] AND e.revision = first_rev + x.ord - 1;
              IF matched = n AND same_ids THEN
                IF NOT same_content THEN
                  RAISE EXCEPTION USING ERRCODE = 'SS422',
                    MESSAGE = json_build_object('part', part - first_part, 'ids', p_id[offs:offs + n - 1])::text;
                END IF;
              ELSE
                last_rev := NULL;
              END IF;
            END IF;
          END IF;
          IF last_rev IS NULL THEN
            IF NOT (expected = 'any'
                    OR (expected = 'no_stream' AND cur IS NULL)
                    OR (expected = 'exists' AND cur IS NOT NULL)
                    OR (expected ~ '^[0-9]+$' AND cur IS NOT NULL AND cur = expected::bigint)) THEN
              RAISE EXCEPTION USING ERRCODE = 'SS409', MESSAGE = json_build_object('part', part - first_part, 'actual', cur)::text;
            END IF;
            WITH inserted AS (
              INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at)
              SELECT p_stream[part], coalesce(cur, -1) + x.ord::integer, p_category[part], x.id, x.type, x.data, x.metadata, p_recorded_at
                FROM unnest(p_id[offs:offs + n - 1], p_type[offs:offs + n - 1], p_data[offs:offs + n - 1], p_metadata[offs:offs + n - 1])
                     WITH ORDINALITY AS x(id, type, data, metadata, ord)
               ORDER BY x.ord
              RETURNING revision, position)
            SELECT max(revision), max(position) INTO last_rev, last_pos FROM inserted;
            wrote := true;
          END IF;
          outcome := outcome || (last_rev::text || ':' || last_pos::text);
          offs := offs + n;
          part := part + 1;
        END LOOP;
        results := results || array_to_string(outcome, ',');
      EXCEPTION WHEN SQLSTATE 'SS409' OR SQLSTATE 'SS422' THEN
        results := results || (SQLSTATE || ' ' || SQLERRM);
        -- Local variables are not rolled back: skip the rest of this append's parts.
        WHILE part <= parts AND p_append[part] = append_no LOOP
          offs := offs + p_count[part];
          part := part + 1;
        END LOOP;
      END;
    END LOOP;
    IF wrote THEN
      PERFORM pg_notify('${NOTIFY_CHANNEL}', '');
    END IF;
    RETURN results;
  END
  $fn$`;
