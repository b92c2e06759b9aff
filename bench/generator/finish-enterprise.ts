import { addDays, type Day } from '#libs/domain';
import { enterpriseAdmin, provider } from './demo-actors.js';
import { completeRoster } from './class-roster.js';
import { eachLimited, idOf, type DemoClient, type Schemas } from './demo-client.js';
import type { ApiClient } from '#libs/api-client';
import type { DemoEnterprise } from './demo-records.js';
import { postBody } from './enrol-enterprise.js';
import { randomFor } from './random.js';
import type { WorkerPlan } from './worker-plan.js';
import { COUNTY_NAMES } from './yiyang-world.js';

/** A new hire's first day on the post: after the assessment, and for a special operation after the certificate. */
function firstDay(p: WorkerPlan): Day {
  if (p.postedEarly || !p.passedPrePostOn) return addDays(p.enrolment.enrolledOn, 2);
  if (p.certificate) return addDays(p.certificate.issuedOn > p.passedPrePostOn ? p.certificate.issuedOn : p.passedPrePostOn, p.postDelay);
  return addDays(p.passedPrePostOn, p.postDelay);
}

/**
 * The rest of an enterprise's two years, once the special-operation certificates are out: the new
 * hires take their posts (a few before any assessment, or on a special-operation post without the
 * certificate: recorded with a warning), team leaders through their class (班组长), key positions
 * through skill upgrade (职业技能晋级) with its exam and a skill-level certificate from the provider,
 * and the skill-level certificates the provider records for workers it assessed. Skill-upgrade
 * training is subsidised by HR & social security's own programmes, not claimed here (DOMAIN.md).
 */
export async function finishEnterprise(client: DemoClient, seed: number, enterprise: DemoEnterprise): Promise<void> {
  const random = randomFor(seed, 3, enterprise.index);
  const admin = client.as(enterpriseAdmin(enterprise.id));
  const trainer = client.as(provider(enterprise.providerId));
  const enrolled = enterprise.workers.filter((p) => p.workerId);

  await eachLimited(
    enrolled.filter((p) => p.enrolment.hireType === 'new_hire'),
    8,
    async (p) => void (await admin.POST('/api/v1/workers/{id}/posts', { params: { path: { id: p.workerId! } }, body: postBody(enterprise, p, firstDay(p)) })),
  );

  // A class is for those on post by its first day: later hires wait for the next one (a shortfall).
  const onPostBy = (day: Day) => (p: WorkerPlan) => p.enrolment.hireType === 'on_post' || firstDay(p) <= day;
  const leadersOn = random.day('2020-09-01', '2021-10-15');
  await openClass(client, enterprise, 'team_leader', '班组长安全技能培训班', leadersOn, enrolled.filter((p) => p.teamLeader && p.teamLeaderTrained).filter(onPostBy(leadersOn)));

  const upgradeOn = random.day('2020-10-01', '2021-07-31');
  if (random.chance(0.7)) {
    const trainees = enrolled.filter((p) => p.keyPosition && p.sentToSkillUpgrade).filter(onPostBy(upgradeOn));
    const classId = await openClass(client, enterprise, 'skill_upgrade', '职业技能晋级培训班', upgradeOn, trainees);
    if (classId) await upgrade(trainer, enterprise, classId, addDays(upgradeOn, 5), trainees);
  }

  // Skill-level certificates the provider records for workers it assessed, a third from before the plan.
  await eachLimited(
    enrolled.filter((p) => p.qualification && p.passedPrePostOn),
    6,
    async (p) => void (await trainer.POST('/api/v1/certificates', { body: { workerId: p.workerId!, type: 'skill_level', ...p.qualification!, number: `S${enterprise.countyCode}${String(p.index).padStart(8, '0')}`, issuer: providerName(enterprise) } })),
  );
}

const providerName = (enterprise: DemoEnterprise) => `益阳${COUNTY_NAMES[enterprise.countyCode]}安全生产培训中心`;

/** A short class the provider runs for the enterprise, every trainee completing it. */
async function openClass(client: DemoClient, enterprise: DemoEnterprise, kind: Schemas['OpenTrainingClassDto']['kind'], title: string, startsOn: Day, trainees: WorkerPlan[]): Promise<string | undefined> {
  const trainer = provider(enterprise.providerId);
  if (trainees.length === 0) return undefined;
  const endsOn = addDays(startsOn, 5);
  const classId = idOf(
    await client.as(trainer).POST('/api/v1/training-classes', { body: { countyCode: enterprise.countyCode, kind, title, content: title, theoryHours: 16, practicalHours: 8, startsOn, endsOn, providerId: enterprise.providerId } }),
  );
  if (classId) await completeRoster(client, trainer, classId, trainees, 24, endsOn);
  return classId;
}

/** The skill-upgrade exam, and a skill-level certificate (level 4, 中级工) for those who pass it. */
async function upgrade(trainer: ApiClient, enterprise: DemoEnterprise, classId: string, endsOn: Day, trainees: WorkerPlan[]): Promise<void> {
  const examinedOn = addDays(endsOn, 3);
  const issuedOn = addDays(examinedOn, 20);
  await eachLimited(trainees, 6, async (p) => {
    const exam = await trainer.POST('/api/v1/workers/{id}/exams', { params: { path: { id: p.workerId! } }, body: { kind: 'skill_upgrade', classId, theoryScore: p.upgradeScore, keySafetySkillsPassed: true, examinedOn } });
    if (exam.data?.passed !== true) return;
    const number = `U${enterprise.countyCode}${String(p.index).padStart(8, '0')}`;
    await trainer.POST('/api/v1/certificates', { body: { workerId: p.workerId!, type: 'skill_level', occupation: p.title, level: 4, number, issuedOn, issuer: providerName(enterprise) } });
  });
}
