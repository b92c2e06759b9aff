/**
 * The writer thread of a SQLite read store (`SqliteWriterThread`): its own connection to the file,
 * applying batches one message at a time, in the order they were sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteBatchWriter } from './sqlite-batch-writer.js';
import { openReadDatabase } from './sqlite-read-database.js';
import type { WriterReply, WriterRequest } from './sqlite-writer-thread.js';

const db = openReadDatabase((workerData as { file: string }).file);
const writer = new SqliteBatchWriter(db);

parentPort!.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    let result: boolean | undefined;
    if (request.method === 'applyBatch') writer.applyBatch(...request.args);
    else if (request.method === 'applyPartialBatch') writer.applyPartialBatch(...request.args);
    else if (request.method === 'dropCollections') writer.dropCollections(...request.args);
    else if (request.method === 'tryAcquireLease') result = writer.tryAcquireLease(...request.args);
    else if (request.method === 'releaseLease') writer.releaseLease(...request.args);
    else db.close();
    reply = result === undefined ? { id: request.id } : { id: request.id, result };
  } catch (error) {
    const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
    reply = { id: request.id, error: { name: name ?? 'Error', message: message ?? String(error), code: typeof code === 'string' ? code : undefined } };
  }
  parentPort!.postMessage(reply);
});
