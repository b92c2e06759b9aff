import { addDays, type Day } from '#libs/domain';
import { em, provider } from './demo-actors.js';
import { completeRoster } from './class-roster.js';
import { eachLimited, idOf, type DemoClient } from './demo-client.js';
import type { ClaimableClass, DemoEnterprise } from './demo-records.js';
import { passes, type WorkerPlan } from './worker-plan.js';
import { COUNTY_NAMES } from './yiyang-world.js';

/**
 * A county's special-operation training (特种作业): its provider runs a class per code and quarter for
 * the workers of all the county's enterprises, three weeks after that quarter's pre-post class; the
 * exam, the one resit for those who fail it, and the certificate from the county's EM bureau. A few
 * workers are never sent. Those who failed the resit too are on the roster the provider forwards, and
 * the officer's issue is refused (`no_passed_exam`): a deliberate refusal. Answers the classes to claim.
 */
export async function trainSpecialOperations(client: DemoClient, countyCode: string, providerId: string, enterprises: DemoEnterprise[]): Promise<ClaimableClass[]> {
  const trainer = provider(providerId);
  const trainerApi = client.as(trainer);
  const officer = client.as(em(countyCode));
  const groups = new Map<string, WorkerPlan[]>();
  const employerOf = new Map(enterprises.flatMap((e) => e.workers.map((p) => [p, e.id] as const)));
  for (const p of enterprises.flatMap((e) => e.workers)) {
    if (!p.workerId || !p.specialOperationCode || p.skipsSpecialClass) continue;
    const key = `${p.specialCohort}|${p.specialOperationCode}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const claimable: ClaimableClass[] = [];
  for (const key of [...groups.keys()].sort()) {
    const [cohort, code] = key.split('|') as [Day, string];
    const trainees = groups.get(key)!.sort((a, b) => a.index - b.index);
    const startsOn = addDays(cohort, 21);
    const endsOn = addDays(startsOn, 20);
    const classId = idOf(
      await trainerApi.POST('/api/v1/training-classes', {
        body: {
          countyCode,
          kind: 'special_operation',
          specialOperationCode: code,
          title: `${startsOn.slice(0, 7)} 特种作业 ${code} 培训班`,
          content: '特种作业安全技术理论与实际操作',
          theoryHours: 40,
          practicalHours: 32,
          startsOn,
          endsOn,
          providerId,
        },
      }),
    );
    if (!classId) continue;
    await completeRoster(client, trainer, classId, trainees, 72, endsOn);
    await eachLimited(trainees, 6, async (p) => {
      let passedOn: Day | undefined;
      for (const [attempt, examinedOn] of [addDays(endsOn, 3), addDays(endsOn, 33)].entries()) {
        const scores = p.specialAttempts[attempt]!;
        await trainerApi.POST('/api/v1/workers/{id}/exams', { params: { path: { id: p.workerId! } }, body: { kind: 'special_operation', classId, specialOperationCode: code, ...scores, examinedOn } });
        if (passes(scores)) {
          passedOn = examinedOn;
          break;
        }
      }
      const issuedOn = addDays(passedOn ?? addDays(endsOn, 33), p.certificateDelay);
      const certificateId = idOf(
        await officer.POST('/api/v1/certificates', {
          body: {
            workerId: p.workerId!,
            type: 'special_operation',
            specialOperationCode: code,
            number: `T${countyCode}${String(p.index).padStart(8, '0')}`,
            issuedOn,
            issuer: `益阳市${COUNTY_NAMES[countyCode]}应急管理局`,
          },
        }),
      );
      if (certificateId) p.certificate = { certificateId, issuedOn };
    });
    claimable.push({ classId, countyCode, claimant: { kind: 'provider', id: providerId }, providerId, certified: trainees.flatMap((p) => (p.certificate ? [{ workerId: p.workerId!, ...p.certificate, enterpriseId: employerOf.get(p)! }] : [])) });
  }
  return claimable;
}
