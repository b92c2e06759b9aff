import { loadReferenceData } from '../testing/reference-data.js';
import { specFor } from '../testing/given-when-then.js';
import { classClaimDecider } from './class-claim.js';
import { personIdReservationDecider } from './person-id-reservation.js';
import { reservationStreams } from './reservation-streams.js';
import { subsidyReservationDecider } from './subsidy-reservation.js';
import { subsidyYearDecider } from './subsidy-year.js';

describe('person id reservation', () => {
  const given = specFor(personIdReservationDecider);
  it('reserves an unknown ID number, is idempotent, and refuses another person', () => {
    given().when({ type: 'ReservePersonId', data: { personId: 'w1' } }).then([{ type: 'PersonIdReserved', data: { personId: 'w1' } }]);
    given([{ type: 'PersonIdReserved', data: { personId: 'w1' } }]).when({ type: 'ReservePersonId', data: { personId: 'w1' } }).then([]);
    given([{ type: 'PersonIdReserved', data: { personId: 'w1' } }]).when({ type: 'ReservePersonId', data: { personId: 'w2' } }).thenRejects('person_already_known', 'conflict');
  });
});

describe('subsidy reservation (person + code, once only)', () => {
  const given = specFor(subsidyReservationDecider);
  const reserved = { type: 'SubsidyReserved' as const, data: { claimId: 'sc1' } };
  const released = { type: 'SubsidyReservationReleased' as const, data: { claimId: 'sc1', reason: 'claim_rejected' as const } };
  it('reserves once, refuses another claim, frees on rejection', () => {
    given().when({ type: 'ReserveSubsidy', data: { claimId: 'sc1' } }).then([reserved]);
    given([reserved]).when({ type: 'ReserveSubsidy', data: { claimId: 'sc1' } }).then([]);
    given([reserved]).when({ type: 'ReserveSubsidy', data: { claimId: 'sc2' } }).thenRejects('already_subsidised');
    given([reserved]).when({ type: 'ReleaseSubsidyReservation', data: released.data }).then([released]);
    given([reserved, released]).when({ type: 'ReserveSubsidy', data: { claimId: 'sc2' } }).then([{ type: 'SubsidyReserved', data: { claimId: 'sc2' } }]);
  });
  it('ignores a release by a claim that does not hold it', () => {
    given([reserved]).when({ type: 'ReleaseSubsidyReservation', data: { claimId: 'sc2', reason: 'claim_rejected' } }).then([]);
  });
});

describe('subsidy year counter', () => {
  const given = specFor(subsidyYearDecider(loadReferenceData()));
  const taken = (claimId: string) => ({ type: 'SubsidyYearSlotTaken' as const, data: { claimId } });
  it('takes up to 3 slots a year, then refuses (yearly_limit_reached)', () => {
    given([taken('a'), taken('b')]).when({ type: 'TakeSubsidyYearSlot', data: { claimId: 'c', year: 2020 } }).then([taken('c')]);
    given([taken('a'), taken('b'), taken('c')]).when({ type: 'TakeSubsidyYearSlot', data: { claimId: 'd', year: 2020 } }).thenRejects('yearly_limit_reached');
    given([taken('a'), taken('b'), taken('c')]).when({ type: 'TakeSubsidyYearSlot', data: { claimId: 'c', year: 2020 } }).then([]);
  });
  it('frees a slot on release', () => {
    const spec = given([taken('a'), taken('b'), taken('c')]).when({ type: 'ReleaseSubsidyYearSlot', data: { claimId: 'b' } });
    spec.then([{ type: 'SubsidyYearSlotReleased', data: { claimId: 'b' } }]);
    expect(spec.stateAfter().claimIds).toEqual(['a', 'c']);
    given([taken('a')]).when({ type: 'ReleaseSubsidyYearSlot', data: { claimId: 'z' } }).then([]);
  });
  it('has no limits before the subsidy reference data begins', () => {
    given().when({ type: 'TakeSubsidyYearSlot', data: { claimId: 'a', year: 2018 } }).thenRejects('no_rules_in_force');
  });
});

describe('class claim', () => {
  const given = specFor(classClaimDecider);
  const byProvider = { type: 'ClassClaimed' as const, data: { claimId: 'sc1', claimant: { kind: 'provider' as const, id: 'p1' } } };
  it('claims a class once, by one claimant kind', () => {
    given().when({ type: 'ClaimClass', data: byProvider.data }).then([byProvider]);
    given([byProvider]).when({ type: 'ClaimClass', data: byProvider.data }).then([]);
    given([byProvider]).when({ type: 'ClaimClass', data: { claimId: 'sc2', claimant: { kind: 'enterprise', id: 'e1' } } }).thenRejects('claimed_by_other_claimant');
    given([byProvider]).when({ type: 'ClaimClass', data: { claimId: 'sc2', claimant: { kind: 'provider', id: 'p1' } } }).thenRejects('class_already_claimed', 'conflict');
  });
  it('frees the class when its claim is rejected', () => {
    given([byProvider]).when({ type: 'ReleaseClassClaim', data: { claimId: 'sc1' } }).then([{ type: 'ClassClaimReleased', data: { claimId: 'sc1' } }]);
    given([byProvider]).when({ type: 'ReleaseClassClaim', data: { claimId: 'sc9' } }).then([]);
  });
});

describe('reservation streams', () => {
  it('name their category and an id without a dash (the dash separates the category)', () => {
    expect(reservationStreams.subsidy('w1', '9.10')).toEqual({ category: 'subsidy_reservation', id: 'w1_9.10' });
    expect(reservationStreams.subsidyYear('w1', 2020)).toEqual({ category: 'subsidy_year', id: 'w1_2020' });
    expect(reservationStreams.personId('abc')).toEqual({ category: 'person_id', id: 'abc' });
    expect(reservationStreams.subsidyClass('k1')).toEqual({ category: 'subsidy_class', id: 'k1' });
  });
});
