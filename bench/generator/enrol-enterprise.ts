import { addDays } from '#libs/domain';
import { enterpriseAdmin, provider } from './demo-actors.js';
import { completeRoster } from './class-roster.js';
import { eachLimited, idOf, type DemoClient, type Schemas } from './demo-client.js';
import type { DemoEnterprise } from './demo-records.js';
import { randomFor } from './random.js';
import { QUARTERS, type WorkerPlan } from './worker-plan.js';

export const postBody = (enterprise: DemoEnterprise, p: WorkerPlan, startsOn: string): Schemas['AssignToPostDto'] => ({
  enterpriseId: enterprise.id,
  title: p.title,
  startsOn,
  ...(p.specialOperationCode ? { specialOperationCode: p.specialOperationCode } : {}),
  ...(p.teamLeader ? { teamLeader: true } : {}),
  ...(p.keyPosition ? { keyPosition: true } : {}),
  ...(riskPostOf(enterprise.sector, p.index, p) ? { riskPost: riskPostOf(enterprise.sector, p.index, p) } : {}),
  // A third of the new hires enrolled in the enterprise new apprenticeship (企业新型学徒制), for M7.
  ...(p.enrolment.hireType === 'new_hire' && p.index % 3 === 0 ? { apprenticeship: true } : {}),
});

/** A metal-smelting post is gas work (金属冶炼煤气作业) by its title, or as the special operation 8.1 煤气作业. */
const GAS_WORK_TITLE = /煤气/;
export const isSmeltingGasWork = (post: { title: string; specialOperationCode?: string | null }): boolean =>
  GAS_WORK_TITLE.test(post.title) || post.specialOperationCode === '8.1';

/**
 * The higher-risk posts M7 counts (风险偏高岗位): in hazardous chemicals and non-coal mines a quarter
 * of the posts (device operation on key hazardous processes, underground work); in metal smelting
 * only the gas-work posts (a gas-work title such as 煤气工, or special operation 8.1), never a crane
 * or casting post.
 */
export const riskPostOf = (sector: string, index: number, post: { title: string; specialOperationCode?: string | null }): Schemas['AssignToPostDto']['riskPost'] => {
  if (sector === 'metal_smelting') return isSmeltingGasWork(post) ? 'smelting_gas' : undefined;
  return index % 4 !== 1 ? undefined : ({ hazardous_chemicals: 'hazardous_process_device', non_coal_mining: 'underground_mining' } as Record<string, Schemas['AssignToPostDto']['riskPost']>)[sector];
};

/**
 * An enterprise's first steps: its yearly training plans (most on time, some late, a few never), its
 * workers, the posts of those already working when the plan began (held from their hiring, so posted
 * before any assessment: recorded with `not_trained_before_post`), and the pre-post safety training
 * and assessment (岗前安全培训考核) the county's provider runs for it each quarter.
 */
export async function enrolEnterprise(client: DemoClient, seed: number, enterprise: DemoEnterprise): Promise<void> {
  const random = randomFor(seed, 2, enterprise.index);
  const admin = client.as(enterpriseAdmin(enterprise.id));
  const trainer = provider(enterprise.providerId);
  const trainerApi = client.as(trainer);
  const own = { params: { path: { id: enterprise.id } } };

  const plan = random.next();
  if (plan < 0.95) await admin.POST('/api/v1/enterprises/{id}/training-plans', { ...own, body: { year: 2020, submittedOn: plan < 0.82 ? random.day('2020-03-01', '2020-05-30') : random.day('2020-06-05', '2020-08-30') } });
  if (plan < 0.9) await admin.POST('/api/v1/enterprises/{id}/training-plans', { ...own, body: { year: 2021, submittedOn: random.day('2021-01-05', '2021-03-30') } });

  await eachLimited(enterprise.workers, 8, async (p) => {
    p.workerId = idOf(await admin.POST('/api/v1/workers', { body: { enterpriseId: enterprise.id, ...p.enrolment } }));
  });
  const enrolled = enterprise.workers.filter((p) => p.workerId);
  await eachLimited(
    enrolled.filter((p) => p.enrolment.hireType === 'on_post'),
    8,
    async (p) => void (await admin.POST('/api/v1/workers/{id}/posts', { params: { path: { id: p.workerId! } }, body: postBody(enterprise, p, p.enrolment.enrolledOn) })),
  );

  for (const start of QUARTERS) {
    const cohort = enrolled.filter((p) => p.trainingStart === start);
    if (cohort.length === 0) continue;
    const endsOn = addDays(start, 14);
    const examinedOn = addDays(endsOn, 2);
    const classId = idOf(
      await trainerApi.POST('/api/v1/training-classes', {
        body: {
          countyCode: enterprise.countyCode,
          kind: 'pre_post',
          title: `${start.slice(0, 7)} 岗前安全培训班`,
          content: '安全生产法律法规, 岗位安全操作规程, 应急处置',
          theoryHours: 48,
          practicalHours: 24,
          startsOn: start,
          endsOn,
          providerId: enterprise.providerId,
        },
      }),
    );
    if (!classId) continue;
    await completeRoster(client, trainer, classId, cohort, 72, endsOn);
    await eachLimited(cohort, 8, async (p) => {
      const exam = await trainerApi.POST('/api/v1/workers/{id}/exams', { params: { path: { id: p.workerId! } }, body: { kind: 'pre_post', classId, theoryScore: p.prePostScore, keySafetySkillsPassed: true, examinedOn } });
      if (exam.data?.passed === true) p.passedPrePostOn = examinedOn;
    });
  }
}
