/**
 * The PostgreSQL event store's table and its append function. See
 * docs/decisions/0010-postgresql-event-store-positions.md for why positions are assigned under a
 * transaction-scoped advisory lock.
 *
 * `position` comes from an identity sequence: a rolled-back transaction (a call that failed, a
 * server crash mid-call) consumes its numbers, so positions have gaps. They still increase in commit order, because every
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

/** Writes the rows queued by the call in one INSERT and fills in their parts' outcomes (used twice below). */
const FLUSH = `
      IF coalesce(array_length(r_idx, 1), 0) > 0 THEN
        WITH inserted AS (
          INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at)
          SELECT p_stream[x.prt], x.rev, p_category[x.prt], p_id[x.idx], p_type[x.idx], p_data[x.idx], p_metadata[x.idx], p_recorded_at
            FROM unnest(r_idx, r_rev, r_part) WITH ORDINALITY AS x(idx, rev, prt, ord)
           ORDER BY x.ord
          RETURNING position)
        SELECT array_agg(inserted.position ORDER BY inserted.position) INTO positions FROM inserted;
        FOR j IN 1 .. coalesce(array_length(pend_part, 1), 0) LOOP
          part_out[pend_part[j]] := part_rev[pend_part[j]]::text || ':' || positions[pend_row[j]]::text;
        END LOOP;
        r_idx := '{}';
        r_rev := '{}';
        r_part := '{}';
        pend_part := '{}';
        pend_row := '{}';
        wrote := true;
      END IF;`;

/**
 * One call appends a whole group of callers' appends in one transaction and one round trip.
 *
 * Parts are the streams of each caller's append, in order; `p_append[i]` (0, 1, 2 … ascending) says
 * which append part i belongs to, `p_count[i]` how many of the flattened events are its own. Each
 * append is checked, every part of it (expected revision, retry, reused id), against the streams'
 * last revisions as this call has left them; an append that passes queues its rows, one that fails
 * queues nothing and answers `SS409 {json}` (wrong expected revision) or `SS422 {json}` (event id
 * reused). The queued rows of the whole group go in one INSERT, and every successful append answers
 * `revision:position` for each of its parts, comma-separated. Any other error fails the whole call.
 *
 * A call where no stream is named twice and every part expects a missing stream (`no_stream`) or the
 * stream's exact last revision, as commands do, needs none of these checks: it takes a shorter way,
 * one INSERT for the whole call and the answers from its rows, with the same results.
 *
 * A retry is recognised as the SQLite adapter recognises it: the stream already holds these ids where
 * the expected revision put them (for `any`/`exists`, as its last events). Rows of the stream still
 * queued by this call are written first, so that the check reads them.
 */
export const APPEND_FUNCTION = `
  CREATE OR REPLACE FUNCTION append_events(
    p_append integer[], p_stream text[], p_category text[], p_expected text[], p_count integer[],
    p_id uuid[], p_type text[], p_data text[], p_metadata text[], p_recorded_at timestamptz
  ) RETURNS text[] LANGUAGE plpgsql AS $fn$
  DECLARE
    parts        integer := coalesce(array_length(p_stream, 1), 0);
    appends      integer := coalesce(p_append[coalesce(array_length(p_stream, 1), 0)] + 1, 0);
    known_stream text[];
    known_rev    integer[];
    part_out     text[] := '{}';
    part_rev     integer[] := '{}';
    append_out   text[] := '{}';
    part_known   integer[];
    r_idx        integer[] := '{}';
    r_rev        integer[] := '{}';
    r_part       integer[] := '{}';
    pend_part    integer[] := '{}';
    pend_row     integer[] := '{}';
    positions    bigint[];
    results      text[] := '{}';
    part         integer := 1;
    offs         integer := 1;
    k            integer;
    o            integer;
    a            integer;
    si           integer;
    j            integer;
    q            integer;
    failure      text;
    n            integer;
    expected     text;
    cur          integer;
    first_rev    bigint;
    matched      integer;
    same_ids     boolean;
    same_content boolean;
    last_rev     integer;
    last_pos     bigint;
    wrote        boolean := false;
  BEGIN
    PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});
    -- The last revision of every stream the group names, read once; kept current as appends queue rows.
    SELECT array_agg(d.stream_id), array_agg((SELECT max(e.revision) FROM events e WHERE e.stream_id = d.stream_id))
      INTO known_stream, known_rev
      FROM (SELECT DISTINCT unnest(p_stream) AS stream_id) d;
    -- The usual call: no stream named twice, every part expecting no stream of a missing one or the last
    -- revision of an existing one. Then nothing can be a retry or a conflict: one INSERT, no loop.
    IF parts > 0 AND array_length(known_stream, 1) = parts AND 0 < ALL (p_count) AND NOT EXISTS (
         SELECT 1 FROM unnest(p_stream, p_expected) AS fx(f_stream, f_expected)
           LEFT JOIN unnest(known_stream, known_rev) AS fk(f_stream, f_rev) ON fk.f_stream = fx.f_stream
          WHERE NOT CASE WHEN fx.f_expected = 'no_stream' THEN fk.f_rev IS NULL
                         WHEN fx.f_expected ~ '^[0-9]+$' THEN fk.f_rev IS NOT NULL AND fk.f_rev = fx.f_expected::bigint
                         ELSE false END) THEN
      WITH fp AS (
        SELECT fx.f_ord::integer AS f_ord, fx.f_append, fx.f_count, coalesce(fk.f_rev, -1) AS f_base,
               (sum(fx.f_count) OVER (ORDER BY fx.f_ord) - fx.f_count)::integer AS f_offs
          FROM unnest(p_append, p_stream, p_count) WITH ORDINALITY AS fx(f_append, f_stream, f_count, f_ord)
          LEFT JOIN unnest(known_stream, known_rev) AS fk(f_stream, f_rev) ON fk.f_stream = fx.f_stream
      ), inserted AS (
        INSERT INTO events (stream_id, revision, category, event_id, type, data, metadata, recorded_at)
        SELECT p_stream[fp.f_ord], fp.f_base + g.f_n, p_category[fp.f_ord], p_id[fp.f_offs + g.f_n], p_type[fp.f_offs + g.f_n],
               p_data[fp.f_offs + g.f_n], p_metadata[fp.f_offs + g.f_n], p_recorded_at
          FROM fp CROSS JOIN LATERAL generate_series(1, fp.f_count) AS g(f_n)
         ORDER BY fp.f_ord, g.f_n
        RETURNING events.position, events.stream_id, events.revision)
      SELECT array_agg(fo.f_outcome ORDER BY fo.f_append) INTO results FROM (
        SELECT fp.f_append, string_agg((fp.f_base + fp.f_count)::text || ':' || inserted.position::text, ',' ORDER BY fp.f_ord) AS f_outcome
          FROM fp JOIN inserted ON inserted.stream_id = p_stream[fp.f_ord] AND inserted.revision = fp.f_base + fp.f_count
         GROUP BY fp.f_append) fo;
      PERFORM pg_notify('${NOTIFY_CHANNEL}', '');
      RETURN results;
    END IF;
    WHILE part <= parts LOOP
      a := p_append[part];
      failure := NULL;
      part_known := '{}';
      k := part;
      o := offs;
      WHILE k <= parts AND p_append[k] = a LOOP
        n := p_count[k];
        expected := p_expected[k];
        si := array_position(known_stream, p_stream[k]);
        cur := known_rev[si];
        last_rev := NULL;
        IF cur IS NOT NULL THEN
          first_rev := CASE
            WHEN expected = 'no_stream' THEN 0
            WHEN expected IN ('any', 'exists') THEN cur - n + 1
            ELSE expected::bigint + 1 END;
          IF first_rev >= 0 AND first_rev <= cur THEN
            IF EXISTS (SELECT 1 FROM unnest(r_part) AS rp(v) WHERE p_stream[rp.v] = p_stream[k]) THEN
              ${FLUSH}
            END IF;
            SELECT count(*)::integer, bool_and(e.event_id = x.id),
                   bool_and(e.type = x.type AND e.data::jsonb = x.data::jsonb AND e.metadata::jsonb = x.metadata::jsonb),
                   max(e.revision), max(e.position)
              INTO matched, same_ids, same_content, last_rev, last_pos
              FROM unnest(p_id[o:o + n - 1], p_type[o:o + n - 1], p_data[o:o + n - 1], p_metadata[o:o + n - 1])
                   WITH ORDINALITY AS x(id, type, data, metadata, ord)
              JOIN events e ON e.stream_id = p_stream[k] AND e.revision = first_rev + x.ord - 1;
            IF matched = n AND same_ids THEN
              IF NOT same_content THEN
                failure := 'SS422 ' || json_build_object('part', k - part)::text;
                EXIT;
              END IF;
            ELSE
              last_rev := NULL;
            END IF;
          END IF;
        END IF;
        IF last_rev IS NULL AND NOT (expected = 'any'
                OR (expected = 'no_stream' AND cur IS NULL)
                OR (expected = 'exists' AND cur IS NOT NULL)
                OR (expected ~ '^[0-9]+$' AND cur IS NOT NULL AND cur = expected::bigint)) THEN
          failure := 'SS409 ' || json_build_object('part', k - part, 'actual', cur)::text;
          EXIT;
        END IF;
        -- A retry answers what it found and writes nothing.
        IF last_rev IS NOT NULL THEN
          part_out[k] := last_rev::text || ':' || last_pos::text;
        END IF;
        part_known := part_known || si;
        o := o + n;
        k := k + 1;
      END LOOP;
      IF failure IS NOT NULL THEN
        append_out[a + 1] := failure;
        WHILE part <= parts AND p_append[part] = a LOOP
          offs := offs + p_count[part];
          part := part + 1;
        END LOOP;
        CONTINUE;
      END IF;
      -- Every part passed: queue the rows of the parts that are not retries.
      q := 1;
      WHILE part <= parts AND p_append[part] = a LOOP
        n := p_count[part];
        IF part_out[part] IS NULL THEN
          si := part_known[q];
          cur := coalesce(known_rev[si], -1);
          FOR j IN 1 .. n LOOP
            r_idx := r_idx || (offs + j - 1);
            r_rev := r_rev || (cur + j);
            r_part := r_part || part;
          END LOOP;
          known_rev[si] := cur + n;
          part_rev[part] := cur + n;
          pend_part := pend_part || part;
          pend_row := pend_row || array_length(r_idx, 1);
        END IF;
        offs := offs + n;
        part := part + 1;
        q := q + 1;
      END LOOP;
    END LOOP;
    ${FLUSH}
    part := 1;
    FOR a IN 0 .. appends - 1 LOOP
      k := part;
      WHILE part <= parts AND p_append[part] = a LOOP
        part := part + 1;
      END LOOP;
      results := results || coalesce(append_out[a + 1], array_to_string(part_out[k:part - 1], ','));
    END LOOP;
    IF wrote THEN
      PERFORM pg_notify('${NOTIFY_CHANNEL}', '');
    END IF;
    RETURN results;
  END
  $fn$`;
