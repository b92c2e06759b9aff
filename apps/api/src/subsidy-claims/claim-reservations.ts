import { Inject, Injectable } from '@nestjs/common';
import { reservationStreams, type Claimant, type ClassClaimState, type ReferenceData, type Rejection } from '#libs/domain';
import { EventWriter } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { REFERENCE_DATA } from '../shared/domain.module.js';
import { classClaimKind, personCodeKind, personYearKind } from './claim-reservation-kinds.js';
import { reservationSlot, type ReservationSlot } from './reservation-slot.js';
import { subsidyClaimAggregate } from './subsidy-claim.aggregate.js';

/** What a claim reserves: its class, and per trainee (in the body's order) the person+code and the person+year. */
export interface ClaimKeys {
  claimId: string;
  classId: string;
  claimant: Claimant;
  trainees: Array<{ workerId: string; subsidyCode?: string; subsidyYear?: number }>;
}

/**
 * The rules that span claims (DOMAIN.md, subsidy claims 4): a class claimed by the enterprise or by the
 * provider, a person and certificate code subsidised once, at most 3 a person and calendar year.
 *
 * A claim takes its reservations in the order of their stream names, so two claims needing the same
 * ones meet on the first and cannot each hold half. When one is refused, the claim releases every
 * reservation it holds, so a refused claim leaves nothing held; a retried request has the same claim id
 * and finds its own reservations taken already. A reservation left by a claim that was rejected (a crash
 * between the rejection and its releases) is freed by the next claim that needs it.
 *
 * A crash after the reservations but before the claim is appended leaves them held by a claim that does
 * not exist: the retry with the same Idempotency-Key completes it; without a key they stay held until
 * released by hand. A clawback releases nothing (subsidy-reservation.ts: the person and code stay marked).
 */
@Injectable()
export class ClaimReservations {
  constructor(
    private readonly writer: EventWriter,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  classSlot(keys: Pick<ClaimKeys, 'classId' | 'claimant'>): ReservationSlot<ClassClaimState> {
    return reservationSlot(this.writer, classClaimKind(keys.claimant), reservationStreams.subsidyClass(keys.classId), 'classId');
  }

  personCodeSlot(workerId: string, subsidyCode: string, index: number): ReservationSlot {
    return reservationSlot(this.writer, personCodeKind, reservationStreams.subsidy(workerId, subsidyCode), `trainees[${index}].workerId`);
  }

  personYearSlot(workerId: string, year: number, index: number): ReservationSlot {
    return reservationSlot(this.writer, personYearKind(this.reference, year), reservationStreams.subsidyYear(workerId, year), `trainees[${index}].workerId`);
  }

  /** Every reservation of the claim, sorted by stream name. */
  slots(keys: ClaimKeys): ReservationSlot[] {
    const slots: ReservationSlot[] = [this.classSlot(keys)];
    keys.trainees.forEach(({ workerId, subsidyCode, subsidyYear }, index) => {
      if (subsidyCode !== undefined) slots.push(this.personCodeSlot(workerId, subsidyCode, index));
      if (subsidyYear !== undefined) slots.push(this.personYearSlot(workerId, subsidyYear, index));
    });
    return slots.sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  }

  /** Takes them all, or none: on a refusal, releases what the claim holds and answers the refusal with its path. */
  async take(keys: ClaimKeys, context: CommandContext, occurredAt: string): Promise<Rejection | null> {
    for (const slot of this.slots(keys)) {
      const refusal = await slot.take(keys.claimId, (holder) => this.isRejected(holder), context, occurredAt);
      if (refusal) {
        await this.releaseAll(keys, context, occurredAt);
        return { ...refusal, path: slot.path };
      }
    }
    return null;
  }

  async releaseAll(keys: ClaimKeys, context: CommandContext, occurredAt: string): Promise<void> {
    for (const slot of this.slots(keys).reverse()) await slot.release(keys.claimId, context, occurredAt);
  }

  /** Claims other than `claimId` that hold the reservation and still count (a rejected claim does not). */
  async otherHolders(slot: ReservationSlot, claimId: string): Promise<string[]> {
    const holders = (await slot.holders()).filter((holder) => holder !== claimId);
    const released = await Promise.all(holders.map((holder) => this.isRejected(holder)));
    return holders.filter((_, i) => !released[i]);
  }

  /** A rejected claim should have released what it held; a claim not (yet) appended still counts as holding. */
  async isRejected(claimId: string): Promise<boolean> {
    return (await this.writer.load(subsidyClaimAggregate, claimId)).state.status === 'rejected';
  }
}
