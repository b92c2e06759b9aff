import {
  evolveSubsidyClaim,
  initialSubsidyClaimState,
  reservationStreams,
  type SubsidyClaimEvent,
  type SubsidyClaimState,
  type SubsidyClaimSubmitted,
} from '#libs/domain';
import { eventHash, streamName, verifyChain, type Actor, type EventStore, type RecordedEvent } from '#libs/event-store';

/** One step of a claim, as an auditor replays it. */
export interface ClaimHistoryEvent {
  revision: number;
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  data: unknown;
  stateAfter: SubsidyClaimState;
  prevHash: string | null;
  hash: string;
}

/** A fact outside the claim's stream that its checks relied on, as the store held it when the claim was decided. */
export interface ClaimEvidence {
  relation: 'training_class' | 'exam' | 'certificate' | 'reservation';
  streamId: string;
  revision: number;
  position: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  hash: string;
}

export interface ClaimIntegrity {
  algorithm: 'sha256-hash-chain';
  verified: boolean;
  firstBrokenRevision?: number;
  /** Hash of the last event: quote it to pin this history (a later edit of the last event changes it). */
  headHash: string | null;
}

export interface ClaimHistory {
  claimId: string;
  countyCode: string | null;
  events: ClaimHistoryEvent[];
  evidence: ClaimEvidence[];
  integrity: ClaimIntegrity;
}

const EXAM_TYPES = new Set(['ExamPassed', 'ExamFailed']);

/** Reads a claim's stream and the facts its checks relied on, straight from the event log (the only truth). */
export async function readClaimHistory(store: EventStore, claimId: string): Promise<ClaimHistory | null> {
  const recorded = await collect(store.readStream(streamName('subsidy_claim', claimId)));
  if (recorded.length === 0) return null;

  let state = initialSubsidyClaimState();
  const events = recorded.map((event): ClaimHistoryEvent => {
    state = evolveSubsidyClaim(state, { type: event.type, data: event.data } as SubsidyClaimEvent);
    return {
      revision: event.revision,
      position: event.position.toString(),
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      data: event.data,
      stateAfter: state,
      prevHash: event.metadata.prevHash,
      hash: eventHash(event),
    };
  });

  const submission = recorded.find((event) => event.type === 'SubsidyClaimSubmitted') as RecordedEvent<string, SubsidyClaimSubmitted['data']> | undefined;
  const chain = verifyChain(recorded);
  return {
    claimId,
    countyCode: submission?.data.countyCode ?? null,
    events,
    evidence: submission ? await readEvidence(store, claimId, submission) : [],
    integrity: {
      algorithm: 'sha256-hash-chain',
      verified: chain.verified,
      ...(chain.firstBrokenRevision !== undefined ? { firstBrokenRevision: chain.firstBrokenRevision } : {}),
      headHash: events.at(-1)?.hash ?? null,
    },
  };
}

async function readEvidence(store: EventStore, claimId: string, submission: RecordedEvent<string, SubsidyClaimSubmitted['data']>): Promise<ClaimEvidence[]> {
  const { classId, trainees } = submission.data;
  const workerIds = new Set(trainees.map((trainee) => trainee.workerId));
  const known = (event: RecordedEvent) => event.position <= submission.position;
  const evidence: ClaimEvidence[] = [];
  const add = (relation: ClaimEvidence['relation'], selected: RecordedEvent[]) => evidence.push(...selected.map((event) => toEvidence(relation, event)));

  add(
    'training_class',
    (await collect(store.readStream(streamName('training_class', classId)))).filter(
      (event) => known(event) && (event.revision === 0 || workerIds.has((event.data as { workerId?: string }).workerId ?? '')),
    ),
  );
  for (const trainee of trainees) {
    // The exams the checks looked at: of this class, or of the certificate's code.
    const relevant = (data: { classId?: string; specialOperationCode?: string }) => data.classId === classId || data.specialOperationCode === trainee.subsidyCode;
    add(
      'exam',
      (await collect(store.readStream(streamName('worker', trainee.workerId)))).filter(
        (event) => known(event) && EXAM_TYPES.has(event.type) && relevant(event.data as { classId?: string; specialOperationCode?: string }),
      ),
    );
    add('certificate', (await collect(store.readStream(streamName('certificate', trainee.certificateId)))).filter(known));
  }
  const reservations = new Set(
    [
      reservationStreams.subsidyClass(classId),
      ...trainees.flatMap((trainee) => [
        reservationStreams.subsidy(trainee.workerId, trainee.subsidyCode),
        reservationStreams.subsidyYear(trainee.workerId, trainee.subsidyYear),
      ]),
    ].map(({ category, id }) => streamName(category, id)),
  );
  for (const streamId of reservations) {
    const held = (await collect(store.readStream(streamId))).filter((event) => (event.data as { claimId?: string }).claimId === claimId);
    add('reservation', held);
  }
  return evidence.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}

function toEvidence(relation: ClaimEvidence['relation'], event: RecordedEvent): ClaimEvidence {
  return {
    relation,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(),
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    hash: eventHash(event),
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
