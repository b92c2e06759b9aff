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
import { ClaimReservations } from './claim-reservations.js';
import type { ReservationSlot } from './reservation-slot.js';
import type { ClaimantDto, ClaimedTraineeDto, SubmitSubsidyClaimDto } from './submit-subsidy-claim.dto.js';
import { trainingClassAggregate } from '../training-classes/training-class.aggregate.js';
import { trainingProviderAggregate } from '../training-providers/training-provider.aggregate.js';

export interface ClaimFacts {
  context: SubmitSubsidyClaim['context'];
  /** The county whose officers verify and approve: the applicant's location (所在地), the claiming enterprise's or provider's. */
  countyCode: string;
  /**
   * The reservation streams the context was read from (the class, then each trainee's person+code and
   * person+year): the claim takes them at the revisions read, so what it decided on cannot change under it.
   */
  reservations: ReservationSlot[];
}

/** Reads what SubmitSubsidyClaim decides on: the class, who holds it, and each trainee's record, certificate and subsidies. */
@Injectable()
export class ClaimContextReader {
  constructor(
    private readonly writer: EventWriter,
    private readonly reservations: ClaimReservations,
  ) {}

  async read(body: SubmitSubsidyClaimDto): Promise<ClaimFacts> {
    const { classId, claimant } = body;
    const trainingClass = (await this.writer.load(trainingClassAggregate, classId)).state;
    const [countyCode, classSlot, trainees] = await Promise.all([
      this.countyOf(claimant, trainingClass),
      this.reservations.classSlot({ classId, claimant }),
      Promise.all(body.trainees.map((trainee, index) => this.readTrainee(trainee, index, claimant, trainingClass))),
    ]);
    return {
      countyCode,
      reservations: [classSlot, ...trainees.flatMap((t) => t.slots)],
      context: {
        trainingClass,
        classClaim: classSlot.state.heldBy,
        trainees: Object.fromEntries(trainees.flatMap((t) => (t.facts ? [[t.workerId, t.facts]] : []))),
      },
    };
  }

  private async readTrainee({ workerId, certificateId }: ClaimedTraineeDto, index: number, claimant: ClaimantDto, trainingClass: TrainingClassState) {
    const worker = await this.writer.load(workerAggregate, workerId);
    if (worker.revision === null) return { workerId, slots: [], facts: null };
    const certificate = (await this.writer.load(certificateAggregate, certificateId)).state;
    const completion = traineeOf(trainingClass, workerId)?.completion;
    const subsidyCode = certificate.issued ? subsidyCodeOf(certificate.issued) : undefined;
    const subsidyYear = completion ? yearOf(completion.completedOn) : undefined;
    const [codeSlot, yearSlot] = await Promise.all([
      subsidyCode === undefined ? undefined : this.reservations.personCodeSlot(workerId, subsidyCode, index),
      subsidyYear === undefined ? undefined : this.reservations.personYearSlot(workerId, subsidyYear, index),
    ]);
    const facts: ClaimedTraineeContext = {
      exams: worker.state.exams,
      certificate: certificate.issued ? certificate : null,
      employerId: employerDuring(worker.state, trainingClass, claimant),
      subsidisedBefore: (codeSlot?.holders.length ?? 0) > 0,
      subsidisedThatYear: yearSlot?.holders.length ?? 0,
    };
    return { workerId, slots: [codeSlot, yearSlot].filter((slot) => slot !== undefined), facts };
  }

  private async countyOf(claimant: ClaimantDto, trainingClass: TrainingClassState): Promise<string> {
    if (claimant.kind === 'provider') {
      const provider = await this.writer.load(trainingProviderAggregate, claimant.id);
      return provider.state.registered?.countyCode ?? trainingClass.opened?.countyCode ?? '';
    }
    const enterprise = await loadReferenced(this.writer, enterpriseAggregate, claimant.id, 'claimant.id');
    return enterprise.state.registered!.countyCode;
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
