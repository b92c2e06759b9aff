import { Injectable } from '@nestjs/common';
import {
  subsidyCodeOf,
  traineeOf,
  yearOf,
  type ClaimedTraineeContext,
  type SubmitSubsidyClaim,
  type TrainingClassState,
  type WorkerState,
} from '#libs/domain';
import { EventWriter } from '../commands/event-writer.js';
import { enterpriseAggregate } from '../enterprises/enterprise.aggregate.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { certificateAggregate } from '../workers/person-certificates.js';
import { workerAggregate } from '../workers/worker.aggregate.js';
import { ClaimReservations, type ClaimKeys } from './claim-reservations.js';
import type { ClaimantDto, ClaimedTraineeDto, SubmitSubsidyClaimDto } from './submit-subsidy-claim.dto.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';

export interface ClaimFacts {
  context: SubmitSubsidyClaim['context'];
  /** The county whose officers verify and approve: the claiming enterprise's, or the class's for a provider. */
  countyCode: string;
  /** The reservations the claim would hold, as far as the facts tell. */
  keys: ClaimKeys;
}

/** Reads what SubmitSubsidyClaim decides on: the class, who holds it, and each trainee's record, certificate and subsidies. */
@Injectable()
export class ClaimContextReader {
  constructor(
    private readonly writer: EventWriter,
    private readonly reservations: ClaimReservations,
  ) {}

  async read(claimId: string, body: SubmitSubsidyClaimDto): Promise<ClaimFacts> {
    const { classId, claimant } = body;
    const trainingClass = (await this.writer.load(trainingClassAggregate, classId)).state;
    const [countyCode, classClaim, trainees] = await Promise.all([
      this.countyOf(claimant, trainingClass),
      this.classClaimOf(claimId, body),
      Promise.all(body.trainees.map((trainee, index) => this.readTrainee(claimId, trainee, index, claimant, trainingClass))),
    ]);
    return {
      countyCode,
      keys: { claimId, classId, claimant, trainees: trainees.map((t) => t.keys) },
      context: {
        trainingClass,
        classClaim,
        trainees: Object.fromEntries(trainees.flatMap((t) => (t.facts ? [[t.keys.workerId, t.facts]] : []))),
      },
    };
  }

  private async readTrainee(claimId: string, { workerId, certificateId }: ClaimedTraineeDto, index: number, claimant: ClaimantDto, trainingClass: TrainingClassState) {
    const worker = await this.writer.load(workerAggregate, workerId);
    if (worker.revision === null) return { keys: { workerId }, facts: null };
    const certificate = (await this.writer.load(certificateAggregate, certificateId)).state;
    const completion = traineeOf(trainingClass, workerId)?.completion;
    const subsidyCode = certificate.issued ? subsidyCodeOf(certificate.issued) : undefined;
    const subsidyYear = completion ? yearOf(completion.completedOn) : undefined;
    const [codeHolders, yearHolders] = await Promise.all([
      subsidyCode === undefined ? [] : this.reservations.otherHolders(this.reservations.personCodeSlot(workerId, subsidyCode, index), claimId),
      subsidyYear === undefined ? [] : this.reservations.otherHolders(this.reservations.personYearSlot(workerId, subsidyYear, index), claimId),
    ]);
    const facts: ClaimedTraineeContext = {
      exams: worker.state.exams,
      certificate: certificate.issued ? certificate : null,
      employerId: employerDuring(worker.state, trainingClass, claimant),
      subsidisedBefore: codeHolders.length > 0,
      subsidisedThatYear: yearHolders.length,
    };
    return { keys: { workerId, subsidyCode, subsidyYear }, facts };
  }

  private async countyOf(claimant: ClaimantDto, trainingClass: TrainingClassState): Promise<string> {
    if (claimant.kind === 'provider') return trainingClass.opened?.countyCode ?? '';
    const enterprise = await loadReferenced(this.writer, enterpriseAggregate, claimant.id, 'claimant.id');
    return enterprise.state.registered!.countyCode;
  }

  /** Another claim holding the class, unless that claim was rejected. */
  private async classClaimOf(claimId: string, { classId, claimant }: SubmitSubsidyClaimDto): Promise<SubmitSubsidyClaim['context']['classClaim']> {
    const held = (await this.reservations.classSlot({ classId, claimant }).state()).heldBy;
    return held && held.claimId !== claimId && !(await this.reservations.isRejected(held.claimId)) ? held : null;
  }
}

/**
 * The trainee's employer while the class ran (参训人员所在单位): an employment overlapping the class,
 * the claiming enterprise's when it is one of them.
 */
function employerDuring(worker: WorkerState, trainingClass: TrainingClassState, claimant: ClaimantDto): string | null {
  const klass = trainingClass.opened;
  if (!klass) return null;
  const during = worker.employments.filter((e) => e.enrolledOn <= klass.endsOn && (e.endedOn === null || e.endedOn >= klass.startsOn));
  if (claimant.kind === 'enterprise' && during.some((e) => e.enterpriseId === claimant.id)) return claimant.id;
  return during[0]?.enterpriseId ?? null;
}
