import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accept, type CertificateEvent, type CertificateIssued } from '#libs/domain';
import { SqliteEventStore, verifyChain, type RecordedEvent } from '#libs/event-store';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { certificateAggregate, linkCertificate, loadPersonCertificates, personCertificatesIndex } from './person-certificates.js';

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

describe('the person certificate index on the SQLite event store', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let writer: EventWriter;
  const context: CommandContext = { actor: { sub: 'officer', role: 'em_officer', scope: { countyCode: '430903' } }, correlationId: 'c1', requestHash: 'h1' };

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'person-certificates-'));
    store = await SqliteEventStore.open({ dataDir });
    writer = new EventWriter(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function issue(certificateId: string, personId: string, specialOperationCode: string): Promise<void> {
    const data: CertificateIssued['data'] = {
      certificateId, personId, type: 'special_operation', specialOperationCode, number: certificateId,
      issuedOn: '2020-06-30', issuer: '益阳市应急管理局', validUntil: '2026-06-29', reviewDueOn: '2023-06-30',
    };
    await writer.execute({
      type: certificateAggregate, id: certificateId, context, mode: 'create', occurredAt: data.issuedOn,
      decide: () => accept<CertificateEvent>([{ type: 'CertificateIssued', data }]),
      alongside: async () => [await linkCertificate(writer, personId, { certificateId, type: 'special_operation', specialOperationCode })],
    });
  }

  it('folds each linked certificate from its own stream, and only the person’s', async () => {
    await issue('c1', 'p1', '9.1');
    await issue('c2', 'p1', '9.2');
    await issue('c3', 'p2', '9.1');
    const certificates = await loadPersonCertificates(writer, 'p1');
    expect(certificates.map((c) => [c.issued?.certificateId, c.issued?.specialOperationCode])).toEqual([['c1', '9.1'], ['c2', '9.2']]);
    expect(await loadPersonCertificates(writer, 'nobody')).toEqual([]);
  });

  it('links a certificate in the same write as its issue, continuing the index’s hash chain', async () => {
    await issue('c1', 'p1', '9.1');
    // Positions may have gaps (PostgreSQL, KurrentDB): read after the end before the write, never after `position - 1`.
    const before = await store.lastPosition();
    await issue('c2', 'p1', '9.2');
    const written = await collect(store.readAll({ after: before, maxCount: 2 }));
    expect(written.map((e) => [e.streamId, e.type])).toEqual([['certificate-c2', 'CertificateIssued'], ['person_certificates-p1', 'CertificateLinked']]);
    const links = await collect(store.readStream('person_certificates-p1'));
    expect(links.map((e) => e.data)).toEqual([
      { certificateId: 'c1', type: 'special_operation', specialOperationCode: '9.1' },
      { certificateId: 'c2', type: 'special_operation', specialOperationCode: '9.2' },
    ]);
    expect(verifyChain(links).verified).toBe(true);
  });

  it('keeps every link when certificates of one person are issued concurrently', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id) => issue(id, 'p1', '9.1')));
    const linked = (await writer.load(personCertificatesIndex, 'p1')).state.certificateIds;
    expect([...linked].sort()).toEqual(ids);
  });
});
