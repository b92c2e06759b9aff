/**
 * The measured limits of a rebuild on this machine, taken in the same run as the rebuild: reading and
 * parsing every event with nothing done to it, and inserting the documents the rebuild wrote with raw
 * better-sqlite3. A rebuild cannot be faster than either; when the target is out of reach, these are
 * what bounds it.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = 5000;

export interface ReadFloor {
  events: number;
  seconds: number;
}

export interface InsertFloor {
  documents: number;
  mebibytes: number;
  /** Inserting only: reading the documents back is not counted. */
  seconds: number;
}

/** Every event of `<dataDir>/events.sqlite` read in pages of 5000 and its data and metadata parsed, as the projector needs them. */
export function readFloor(dataDir: string): ReadFloor {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
      'SELECT position, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    const started = performance.now();
    let events = 0;
    let after = 0;
    for (;;) {
      const rows = page.all(after, ROWS);
      if (rows.length === 0) break;
      // Kept to the end of the page, as the projector keeps a page.
      const parsed = rows.map((row) => [JSON.parse(row.data) as unknown, JSON.parse(row.metadata) as unknown]);
      events += parsed.length;
      after = rows[rows.length - 1]!.position;
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

/**
 * The documents of every collection in `<readDir>/read.sqlite`, inserted again into a new database
 * with the read store's settings (16 KiB pages, WAL, synchronous NORMAL): one prepared INSERT per
 * row, 5000 rows per transaction, the same table shape, no secondary index.
 */
export function insertFloor(readDir: string): InsertFloor {
  const source = new Database(join(readDir, 'read.sqlite'), { readonly: true, fileMustExist: true });
  const floorDir = mkdtempSync(join(tmpdir(), 'rebuild-floor-'));
  const target = new Database(join(floorDir, 'floor.sqlite'));
  try {
    target.pragma('page_size = 16384');
    target.pragma('journal_mode = WAL');
    target.pragma('synchronous = NORMAL');
    const collections = source.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\'`).all();
    let documents = 0;
    let bytes = 0;
    let seconds = 0;
    for (const { name } of collections) {
      target.exec(`CREATE TABLE "${name}" (id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc TEXT NOT NULL)`);
      const insert = target.prepare<[string, number, string]>(`INSERT INTO "${name}" (id, position, doc) VALUES (?, ?, ?)`);
      const write = target.transaction((rows: Array<{ id: string; position: number; doc: string }>) => {
        for (const row of rows) insert.run(row.id, row.position, row.doc);
      });
      const page = source.prepare<[number, number], { rowid: number; id: string; position: number; doc: string }>(
        `SELECT rowid, id, position, doc FROM "${name}" WHERE rowid > ? ORDER BY rowid LIMIT ?`,
      );
      for (let after = 0; ; ) {
        const rows = page.all(after, ROWS);
        if (rows.length === 0) break;
        const started = performance.now();
        write(rows);
        seconds += (performance.now() - started) / 1000;
        documents += rows.length;
        for (const row of rows) bytes += row.doc.length;
        after = rows[rows.length - 1]!.rowid;
      }
    }
    return { documents, mebibytes: bytes / 2 ** 20, seconds };
  } finally {
    source.close();
    target.close();
    rmSync(floorDir, { recursive: true, force: true });
  }
}

/** One line per limit, with the rebuild's own rate beside them. */
export function floorLines(events: number, rebuildSeconds: number, read: ReadFloor, insert: InsertFloor): string[] {
  const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString('en');
  return [
    `- Rebuild: ${rate(events, rebuildSeconds)} events/s (${events.toLocaleString('en')} events in ${rebuildSeconds.toFixed(1)} s)`,
    `- Reading and parsing the log, nothing else: ${rate(read.events, read.seconds)} events/s (${read.seconds.toFixed(1)} s)`,
    `- Raw better-sqlite3 inserts of the ${insert.documents.toLocaleString('en')} documents the rebuild left (${insert.mebibytes.toFixed(0)} MiB of JSON):` +
      ` ${rate(insert.documents, insert.seconds)} documents/s (${insert.seconds.toFixed(1)} s), that is ${rate(events, insert.seconds)} events/s of this log`,
  ];
}
