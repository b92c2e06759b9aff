import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InvalidReadStoreRequestError } from '../read-store.port.js';
import type { EncodedOp } from './sqlite-batch-writer.js';

export type WriterRequest =
  | { id: number; method: 'applyBatch'; args: [projection: string, ops: EncodedOp[], checkpoint: bigint] }
  | { id: number; method: 'applyPartialBatch'; args: [projection: string, ops: EncodedOp[], through: bigint] }
  | { id: number; method: 'dropCollections'; args: [names: string[]] }
  | { id: number; method: 'tryAcquireLease'; args: [lease: string, owner: string, ttlMs: number, nowMs: number] }
  | { id: number; method: 'releaseLease'; args: [lease: string, owner: string] }
  | { id: number; method: 'close'; args: [] };

export interface WriterReply {
  id: number;
  /** What the method returned (a lease attempt's answer). */
  result?: boolean;
  error?: { name: string; message: string; code: string | undefined };
}

type Call = Omit<WriterRequest, 'id'>;

/** Requests with the thread at once: one being applied, one ready behind it, so that the thread never waits for the next. */
const MAX_POSTED = 2;

/**
 * The SQLite read store's batch writes on a thread of their own (`sqlite-writer.worker.ts`), with
 * their own connection to the file: while one projection's batch is written there, the projector
 * projects the next ones on the main thread. Requests are applied one at a time in the order sent;
 * each call resolves once its transaction is committed, so a read after it sees its writes.
 * A thread that died (it should not) is started again by the next call.
 */
export class SqliteWriterThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private nextId = 0;
  private readonly waiting: WriterRequest[] = [];
  private posted = 0;

  constructor(private readonly file: string) {}

  applyBatch(projection: string, ops: EncodedOp[], checkpoint: bigint): Promise<void> {
    return this.call({ method: 'applyBatch', args: [projection, ops, checkpoint] });
  }

  applyPartialBatch(projection: string, ops: EncodedOp[], through: bigint): Promise<void> {
    return this.call({ method: 'applyPartialBatch', args: [projection, ops, through] });
  }

  dropCollections(names: readonly string[]): Promise<void> {
    return this.call({ method: 'dropCollections', args: [[...names]] });
  }

  /** In order with the batches: a renewal waits for the batch being written instead of failing on its lock. */
  tryAcquireLease(lease: string, owner: string, ttlMs: number, nowMs: number): Promise<boolean> {
    return this.call<boolean>({ method: 'tryAcquireLease', args: [lease, owner, ttlMs, nowMs] });
  }

  releaseLease(lease: string, owner: string): Promise<void> {
    return this.call({ method: 'releaseLease', args: [lease, owner] });
  }

  /** Closes the thread's connection (after the writes sent before) and ends the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.call({ method: 'close', args: [] });
    this.worker = null;
    await worker.terminate();
  }

  /** `T`: what the thread's method returns (nothing but for a lease attempt). */
  private call<T = void>(request: Call): Promise<T> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (result) => resolve(result as T), reject });
      // Only a thread with writes in flight keeps the process alive.
      if (this.pending.size === 1) worker.ref();
      const message = { id, ...request } as WriterRequest;
      // A lease request goes before the batches not yet sent: it waits for at most the ones posted.
      if (request.method === 'tryAcquireLease' || request.method === 'releaseLease') this.waiting.unshift(message);
      else this.waiting.push(message);
      this.post(worker);
    });
  }

  /**
   * At most `MAX_POSTED` requests are with the thread; the others wait here, where a lease request
   * can overtake them. Ten projections may each have a batch of thousands of events queued: a
   * renewal behind all of them under load arrived after the lease had lapsed.
   */
  private post(worker: Worker): void {
    while (this.posted < MAX_POSTED && this.waiting.length > 0) {
      this.posted++;
      worker.postMessage(this.waiting.shift()!);
    }
  }

  private start(): Worker {
    const worker = spawnWriter(this.file);
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      this.posted--;
      this.post(worker);
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!reply.error) return call?.resolve(reply.result);
      call?.reject(rebuiltError(reply.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
      this.waiting.length = 0;
      this.posted = 0;
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the read store's writer thread exited (${code})`)));
    return worker;
  }
}

/** The thread's error as the inline store would have thrown it: the store's own class, or an Error with the same name and code. */
function rebuiltError({ name, message, code }: NonNullable<WriterReply['error']>): Error {
  if (name === 'InvalidReadStoreRequestError') return new InvalidReadStoreRequestError(message);
  return Object.assign(new Error(message), { name }, code ? { code } : {});
}

/**
 * Compiled, the entry is the `.js` beside this file. From source (tests, benches, `npm run rebuild`
 * under tsx) it is the `.ts`, which a thread cannot load by itself: it loads it through tsx, as
 * its parent was loaded.
 */
function spawnWriter(file: string): Worker {
  const workerData = { file };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./sqlite-writer.worker.js', import.meta.url), { workerData });
  const entry = new URL('./sqlite-writer.worker.ts', import.meta.url).href;
  // tsx's ES module build (its CommonJS one cannot import from a thread's eval).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(source, { eval: true, workerData });
}
