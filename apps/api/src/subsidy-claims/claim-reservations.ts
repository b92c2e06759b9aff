import { Inject, Injectable } from '@nestjs/common';
import { reservationStreams, type Claimant, type ClassClaimState, type ReferenceData } from '#libs/domain';
import { EventWriter } from '../commands/event-writer.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { classClaimKind, personCodeKind, personYearKind } from './claim-reservation-kinds.js';
import { readReservationSlot, type ReservationSlot } from './reservation-slot.js';

/** What a claim reserves: its class, and per trainee (in the body's order) the person+code and the person+year. */
export interface ClaimKeys {
  classId: string;
  claimant: Claimant;
  trainees: Array<{ workerId: string; subsidyCode?: string; subsidyYear?: number }>;
}

/**
 * The rules that span claims (DOMAIN.md, subsidy claims 4): a class claimed by the enterprise or by the
 * provider, a person and certificate code subsidised once, at most 3 a person and calendar year.
 *
 * A submission takes its reservations, and a rejection releases them, in the same atomic append as the
 * claim's own event (ADR 0007), so a refused claim holds nothing and no crash can split the two.
 * A clawback releases nothing (subsidy-reservation.ts: the person and code stay marked).
 */
@Injectable()
export class ClaimReservations {
  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  classSlot(keys: Pick<ClaimKeys, 'classId' | 'claimant'>): Promise<ReservationSlot<ClassClaimState>> {
    return readReservationSlot(this.writer, classClaimKind(keys.claimant), reservationStreams.subsidyClass(keys.classId), 'classId');
  }

  personCodeSlot(workerId: string, subsidyCode: string, index: number): Promise<ReservationSlot> {
    return readReservationSlot(this.writer, personCodeKind, reservationStreams.subsidy(workerId, subsidyCode), `trainees[${index}].workerId`);
  }

  personYearSlot(workerId: string, year: number, index: number): Promise<ReservationSlot> {
    return readReservationSlot(this.writer, personYearKind(this.reference, year), reservationStreams.subsidyYear(workerId, year), `trainees[${index}].workerId`);
  }

  /** Every reservation of a claim, read now: the class, then each trainee's. */
  async slots(keys: ClaimKeys): Promise<ReservationSlot[]> {
    const trainees = await Promise.all(
      keys.trainees.map(({ workerId, subsidyCode, subsidyYear }, index) =>
        Promise.all([
          ...(subsidyCode === undefined ? [] : [this.personCodeSlot(workerId, subsidyCode, index)]),
          ...(subsidyYear === undefined ? [] : [this.personYearSlot(workerId, subsidyYear, index)]),
        ]),
      ),
    );
    return [await this.classSlot(keys), ...trainees.flat()];
  }
}
