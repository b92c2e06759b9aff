import { readFileSync } from 'node:fs';
import { addDays, type Day } from '#libs/domain';
import { em, hrss, provider, type Actor } from './demo-actors.js';
import { idOf, type DemoClient, type Schemas } from './demo-client.js';
import type { ClaimableClass } from './demo-records.js';
import { randomFor, type Random } from './random.js';

interface AmountsFile {
  versions: Array<{ effectiveFrom: Day; amounts: Record<string, number> }>;
}
const AMOUNTS = (JSON.parse(readFileSync(new URL('../../reference/subsidy-amounts.json', import.meta.url), 'utf8')) as AmountsFile).versions;

/** The subsidy per certificate of a type on a day, as the reference data the api loads says. */
const amountOn = (day: Day, type: string): number => AMOUNTS.filter((v) => v.effectiveFrom <= day).at(-1)!.amounts[type]!;

const sha256Like = (random: Random): string => Array.from({ length: 64 }, () => '0123456789abcdef'[random.int(0, 15)]).join('');

/**
 * Subsidy claims (培训补贴申领), one per special-operation class with certified trainees: the provider
 * claims its classes, or the enterprise when it employs every certified trainee, each trainee with the copy of
 * the labour contract. Then the procedure: verification by the county's EM bureau, approval by HR &
 * social security (a few for less than claimed, one trainee struck), payment of the approved amount;
 * some left waiting at each step, some rejected at either office, a few clawed back when an audit
 * finds the training records untrue. Deliberate refusals: a claim first sent without one trainee's
 * labour contract (`no_labor_contract`, sent again complete a week later), and a provider claiming a
 * class its client enterprise already claimed (`claimed_by_other_claimant`: 不得重复申领).
 */
export async function seedClaims(client: DemoClient, seed: number, classes: ClaimableClass[]): Promise<void> {
  for (const [ordinal, klass] of classes.entries()) {
    if (klass.certified.length === 0) continue;
    const random = randomFor(seed, 4, ordinal);
    const employers = new Set(klass.certified.map((c) => c.enterpriseId));
    const byEnterprise = employers.size === 1 && random.chance(0.4);
    const who = byEnterprise ? { kind: 'enterprise' as const, id: [...employers][0]! } : klass.claimant;
    const claimant = client.as(who.kind === 'provider' ? provider(klass.providerId) : (['enterprise_admin', { enterprise: who.id }] satisfies Actor));
    const type = 'special_operation';
    let submittedOn = addDays(klass.certified.reduce((last, c) => (c.issuedOn > last ? c.issuedOn : last), '2000-01-01'), random.int(5, 30));
    const trainees: Schemas['ClaimedTraineeDto'][] = klass.certified.map((c) => ({ workerId: c.workerId, certificateId: c.certificateId, laborContract: { fileName: `劳动合同-${c.workerId.slice(0, 8)}.pdf`, sha256: sha256Like(random) } }));
    const claim = (on: Day, listed: Schemas['ClaimedTraineeDto'][]) => claimant.POST('/api/v1/subsidy-claims', { body: { classId: klass.classId, claimant: who, submittedOn: on, trainees: listed } });

    if (random.chance(0.08)) {
      const [first, ...rest] = trainees;
      const { laborContract: _missing, ...withoutContract } = first!;
      await claim(submittedOn, [withoutContract, ...rest]);
      submittedOn = addDays(submittedOn, 7);
    }
    const claimId = idOf(await claim(submittedOn, trainees));
    if (!claimId) continue;
    if (who.kind === 'enterprise' && random.chance(0.25)) {
      await client.as(provider(klass.providerId)).POST('/api/v1/subsidy-claims', { body: { classId: klass.classId, claimant: { kind: 'provider', id: klass.providerId }, submittedOn: addDays(submittedOn, 3), trainees } });
    }
    await steps(client, random, klass.countyCode, claimId, submittedOn, trainees.length * amountOn(submittedOn, type), amountOn(submittedOn, type));
  }
}

/** The claim's way through the offices, dated after its submission. */
async function steps(client: DemoClient, random: Random, county: string, claimId: string, submittedOn: Day, total: number, perTrainee: number): Promise<void> {
  const fate = random.next();
  const claim = { params: { path: { id: claimId } } };
  if (fate < 0.08) return; // waiting for the EM bureau
  if (fate < 0.13) {
    await client.as(em(county)).POST('/api/v1/subsidy-claims/{id}/rejection', { ...claim, body: { rejectedOn: addDays(submittedOn, 12), reason: '劳动合同复印件与花名册不一致' } });
    return;
  }
  await client.as(em(county)).POST('/api/v1/subsidy-claims/{id}/verification', { ...claim, body: { verifiedOn: addDays(submittedOn, 10), stampRef: `益应急核〔${submittedOn.slice(0, 4)}〕${random.int(1, 999)}号` } });
  if (fate < 0.21) return; // waiting for HR & social security
  if (fate < 0.25) {
    await client.as(hrss(county)).POST('/api/v1/subsidy-claims/{id}/rejection', { ...claim, body: { rejectedOn: addDays(submittedOn, 24), reason: '补贴资金年度额度已用完，请次年申报' } });
    return;
  }
  const amount = total > perTrainee && random.chance(0.15) ? total - perTrainee : total;
  await client.as(hrss(county)).POST('/api/v1/subsidy-claims/{id}/approval', { ...claim, body: { approvedOn: addDays(submittedOn, 25), amount } });
  if (fate < 0.36) return; // approved, not paid yet
  await client.as(hrss(county)).POST('/api/v1/subsidy-claims/{id}/payment', { ...claim, body: { paidOn: addDays(submittedOn, 40), amount, reference: `YYZF${submittedOn.replaceAll('-', '')}${random.int(100, 999)}` } });
  if (fate > 0.95) await client.as(hrss(county)).POST('/api/v1/subsidy-claims/{id}/clawback', { ...claim, body: { on: addDays(submittedOn, 120), reason: '抽查发现培训记录不实' } });
}
