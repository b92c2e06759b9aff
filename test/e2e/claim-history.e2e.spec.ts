import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { eventHash, type EventStore } from '#libs/event-store';
import type { DomainEvent } from '#libs/domain';
import { EventWriter } from '../../apps/api/src/commands/event-writer.js';
import type { CommandContext } from '../../apps/api/src/http/command-context.js';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/stores.module.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The claim's facts are appended here straight to the log, as the commands would, so that this test
 * pins the history's shape and the integrity check independently of the claim commands' own tests.
 */
describe('GET /subsidy-claims/{id}/history', () => {
  let t: TestApp;
  let store: EventStore;
  let writer: EventWriter;
  const claimId = 'c0ffee00000000000000000000000001';
  const classId = 'c1a55000000000000000000000000001';
  const workerId = 'a0000000000000000000000000000001';
  const certificateId = 'ce000000000000000000000000000001';
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  const context = (role: 'training_provider' | 'em_officer' | 'hrss_officer', sub: string): CommandContext => ({
    actor: { sub, role, scope: role === 'training_provider' ? { providerId: 'p1' } : { countyCode: '430903' } },
    correlationId: `corr-${sub}`,
    requestHash: 'h',
  });

  async function append(streamId: string, events: DomainEvent[], ctx: CommandContext, occurredAt: string): Promise<void> {
    let last = null;
    for await (const event of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) last = event;
    await store.append(streamId, writer.envelope(events, ctx, occurredAt, [], last), last ? last.revision : 'no_stream');
  }

  beforeAll(async () => {
    t = await startTestApp();
    store = t.app.get<EventStore>(EVENT_STORE);
    writer = t.app.get(EventWriter);
    const provider = context('training_provider', 'provider-staff');
    await append(`training_class-${classId}`, [{ type: 'TrainingClassOpened', data: { classId, countyCode: '430903', kind: 'special_operation' } }], provider, '2021-03-01');
    await append(`training_class-${classId}`, [{ type: 'TraineeCompleted', data: { classId, workerId, hoursAttended: 40, completedOn: '2021-03-20' } }], provider, '2021-03-20');
    await append(`worker-${workerId}`, [{ type: 'ExamPassed', data: { examId: 'e1', kind: 'special_operation', classId, specialOperationCode: '1.2' } }], provider, '2021-03-25');
    await append(`certificate-${certificateId}`, [{ type: 'CertificateIssued', data: { certificateId, personId: workerId, type: 'special_operation', specialOperationCode: '1.2' } }], context('em_officer', 'em-1'), '2021-04-01');
    const trainee = { workerId, enterpriseId: 'e1', certificateId, certificateType: 'special_operation', subsidyCode: '1.2', subsidyYear: 2021, laborContract: { fileName: 'contract.pdf', sha256: 'a'.repeat(64) }, amount: 800 };
    await append(
      `subsidy_claim-${claimId}`,
      [{ type: 'SubsidyClaimSubmitted', data: { claimId, classId, claimant: { kind: 'provider', id: 'p1' }, submittedOn: '2021-04-10', countyCode: '430903', trainees: [trainee], total: 800 } }],
      provider,
      '2021-04-10',
    );
    await append(`subsidy_reservation-${workerId}_1.2`, [{ type: 'SubsidyReserved', data: { claimId, personId: workerId, subsidyCode: '1.2' } }], provider, '2021-04-10');
    await append(`subsidy_claim-${claimId}`, [{ type: 'SubsidyClaimVerified', data: { claimId, verifiedOn: '2021-04-15', stampRef: 'YY-2021-015' } }], context('em_officer', 'em-1'), '2021-04-15');
    await append(`subsidy_claim-${claimId}`, [{ type: 'SubsidyClaimApproved', data: { claimId, approvedOn: '2021-04-20', amount: 800 } }], context('hrss_officer', 'hr-1'), '2021-04-20');
    await append(`subsidy_claim-${claimId}`, [{ type: 'SubsidyClaimPaid', data: { claimId, paidOn: '2021-04-30', amount: 800, reference: 'PAY-1' } }], context('hrss_officer', 'hr-1'), '2021-04-30');
  });
  afterAll(() => t.close());

  it('replays every step with its actor, times, correlation and the state after it', async () => {
    const auditor = await t.token('auditor');
    const response = await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(auditor));
    expect(response.status).toBe(200);
    const { events, integrity } = response.body;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['SubsidyClaimSubmitted', 'SubsidyClaimVerified', 'SubsidyClaimApproved', 'SubsidyClaimPaid']);
    expect(events.map((e: { stateAfter: { status: string } }) => e.stateAfter.status)).toEqual(['submitted', 'em_verified', 'approved', 'paid']);
    expect(events[1]).toMatchObject({ revision: 1, occurredAt: '2021-04-15', actor: { sub: 'em-1', role: 'em_officer' }, correlationId: 'corr-em-1', data: { stampRef: 'YY-2021-015' } });
    expect(events[1].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(events[1].prevHash).toBe(events[0].hash);
    expect(integrity).toEqual({ algorithm: 'sha256-hash-chain', verified: true, headHash: events[3].hash });
  });

  it('lists the facts outside the claim that its checks relied on, as known when it was submitted', async () => {
    const auditor = await t.token('auditor');
    const { evidence, events } = (await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(auditor))).body;
    expect(evidence.map((e: { relation: string; type: string }) => `${e.relation}:${e.type}`)).toEqual([
      'training_class:TrainingClassOpened',
      'training_class:TraineeCompleted',
      'exam:ExamPassed',
      'certificate:CertificateIssued',
      'reservation:SubsidyReserved',
    ]);
    for (const item of evidence.slice(0, 4)) expect(BigInt(item.position) < BigInt(events[0].position)).toBe(true);
  });

  it('exports a JSON file whose hashes an auditor can recompute, and a CSV', async () => {
    const auditor = await t.token('auditor');
    const json = await t.http.get(`/api/v1/subsidy-claims/${claimId}/history/export?format=json`).set(auth(auditor));
    expect(json.status).toBe(200);
    expect(json.headers['content-disposition']).toContain(`subsidy-claim-${claimId}-history.json`);
    const file = JSON.parse(json.text);
    let previous: string | null = null;
    for (const event of file.events) {
      expect(event.metadata.prevHash).toBe(previous);
      previous = eventHash(event);
    }
    expect(previous).toBe(file.integrity.headHash);

    const csv = await t.http.get(`/api/v1/subsidy-claims/${claimId}/history/export?format=csv`).set(auth(auditor));
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('revision,position,type,occurredAt,recordedAt,actorSub,actorRole,correlationId,causationId,prevHash,hash,status,data');
    expect(lines).toHaveLength(5);
    await t.http.get(`/api/v1/subsidy-claims/${claimId}/history/export?format=xml`).set(auth(auditor)).expect(400);
  });

  it('is for the auditor and the officers of the claim’s county', async () => {
    await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).expect(401);
    const own = await t.token('hrss_officer', { county: '430903' });
    await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(own)).expect(200);
    const other = await t.token('em_officer', { county: '430921' });
    await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(other)).expect(403);
    const viewer = await t.token('viewer');
    await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(viewer)).expect(403);
    const auditor = await t.token('auditor');
    await t.http.get('/api/v1/subsidy-claims/ffffffffffffffffffffffffffffffff/history').set(auth(auditor)).expect(404);
  });

  it('says verified: false, with the first revision that does not match, when a stored event was edited in the file', async () => {
    if (t.config.eventStore.kind === 'postgresql') {
      const client = new pg.Client({ connectionString: t.config.eventStore.url });
      await client.connect();
      await client.query(`UPDATE events SET data = jsonb_set(data::jsonb, '{amount}', '8000')::text WHERE stream_id = $1 AND revision = 2`, [`subsidy_claim-${claimId}`]);
      await client.end();
    } else {
      const db = new Database(path.join(t.config.dataDir, 'events.sqlite'));
      db.prepare("UPDATE events SET data = json_set(data, '$.amount', 8000) WHERE stream_id = ? AND revision = 2").run(`subsidy_claim-${claimId}`);
      db.close();
    }
    const auditor = await t.token('auditor');
    const { integrity } = (await t.http.get(`/api/v1/subsidy-claims/${claimId}/history`).set(auth(auditor))).body;
    expect(integrity).toMatchObject({ verified: false, firstBrokenRevision: 3 });
  });
});
