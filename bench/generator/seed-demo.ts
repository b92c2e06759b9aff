/**
 * The demo's Yiyang, seeded through the real commands over HTTP: eight units, enterprises in the four
 * sectors, workers hired before and during the plan, two years of classes, exams, certificates and
 * posts, subsidy claims at every step, inspections with their orders, county documents and
 * demonstration sites — with the shortfalls a real city has: workers posted untrained or before their
 * certificate (recorded with `not_trained_before_post` / `no_valid_certificate`, never refused),
 * special operators never sent to class, certificates revoked, late and missing plans.
 * M7 (apprenticeship, 新型学徒制) stays at zero: no command records an apprenticeship yet (the metric
 * reads a post fact no event sets), so its new hires on hazardous posts are all shortfalls.
 *
 * Deterministic for a seed: every worker, class, claim and inspection draws from a generator of its
 * own (`randomFor`), so parallel requests answering in any order tell the same story; only the ids,
 * which the api makes, differ from one run to the next.
 *
 * The only refusals are deliberate, each a mistake the rules exist to catch:
 * - `POST /certificates 422 no_passed_exam`: the provider's roster includes trainees who failed the
 *   special-operation exam and its resit; the county officer's issue is refused.
 * - `POST /subsidy-claims 422 no_labor_contract`: a claim sent without one trainee's labour-contract
 *   copy; it is sent again, complete, a week later.
 * - `POST /subsidy-claims 422 claimed_by_other_claimant`: a provider claims a special-operation class
 *   that the enterprise employing all its certified trainees has already claimed (one claimant per class).
 * Anything else in the table of refusals is a gap to look at.
 */
import { addDays } from '#libs/domain';
import { CITY, em, enterpriseAdmin } from './demo-actors.js';
import { DemoClient, eachLimited, idOf } from './demo-client.js';
import type { ClaimableClass, DemoEnterprise } from './demo-records.js';
import { enrolEnterprise } from './enrol-enterprise.js';
import { finishEnterprise } from './finish-enterprise.js';
import { ProgressBar } from './progress-bar.js';
import { Random, randomFor } from './random.js';
import { seedClaims } from './seed-claims.js';
import { seedInspections } from './seed-inspections.js';
import { trainSpecialOperations } from './train-special-operations.js';
import { planWorker } from './worker-plan.js';
import { COUNTY_NAMES, enterpriseSpec } from './yiyang-world.js';

export const DEMO_SIZES = {
  full: { enterprises: 200, workers: 20_000 },
  small: { enterprises: 20, workers: 1_000 },
  /** One enterprise per unit: for the tests. */
  tiny: { enterprises: 8, workers: 160 },
} as const;
export type DemoSize = keyof typeof DEMO_SIZES;

export interface DemoOptions {
  baseUrl: string;
  size?: DemoSize;
  seed?: number;
  /** Enterprises seeded at the same time. */
  concurrency?: number;
  progress?: ProgressBar | null;
}

export interface DemoSummary {
  enterprises: number;
  workers: number;
  commands: number;
  refused: Record<string, number>;
  /** The last command's event-store position: a read with `X-Min-Position` set to it sees the whole seed. */
  position: string;
}

const UNITS = Object.keys(COUNTY_NAMES);

export async function seedDemo(options: DemoOptions): Promise<DemoSummary> {
  const size = DEMO_SIZES[options.size ?? 'full'];
  const seed = options.seed ?? 20200331;
  const concurrency = options.concurrency ?? 6;
  const random = new Random(seed);
  const client = new DemoClient(options.baseUrl.replace(/\/$/, ''));
  const progress = options.progress === undefined ? new ProgressBar(2 * size.enterprises + UNITS.length + 2) : options.progress;

  // Training providers, one per unit.
  const providers = new Map<string, string>();
  for (const county of UNITS) {
    const answer = await client.as(em(county)).POST('/api/v1/training-providers', { body: { name: `益阳${COUNTY_NAMES[county]}安全生产培训中心`, kind: 'institution', countyCode: county } });
    providers.set(county, idOf(answer)!);
  }
  // Counties' implementation plans: most on time, two late, one never (a milestone to chase).
  for (const [i, county] of UNITS.entries()) {
    if (i === 6) continue;
    await client.as(em(county)).POST('/api/v1/counties/{code}/implementation-plans', { params: { path: { code: county } }, body: { submittedOn: i < 5 ? random.day('2020-02-20', '2020-03-30') : random.day('2020-04-10', '2020-05-20') } });
  }
  // Demonstration sites: Anhua's mine base on time, Taojiang's chemicals base late, a school on time.
  await client.as(CITY).POST('/api/v1/demonstration-sites', { body: { kind: 'training_base', countyCode: '430923', sector: 'non_coal_mining', name: '安化县非煤矿山安全技能实训基地', establishedOn: '2020-09-18' } });
  await client.as(CITY).POST('/api/v1/demonstration-sites', { body: { kind: 'training_base', countyCode: '430922', sector: 'hazardous_chemicals', name: '桃江县危险化学品安全技能实训基地', establishedOn: '2020-12-08' } });
  await client.as(CITY).POST('/api/v1/demonstration-sites', { body: { kind: 'vocational_school', countyCode: '430903', name: '益阳职业技术学院（示范职业院校）', establishedOn: '2020-10-16' } });
  // Target 二.2: a base for training and special-operation practical exams, by 2021-12-31.
  await client.as(CITY).POST('/api/v1/demonstration-sites', { body: { kind: 'training_base', countyCode: '430903', name: '益阳市安全技能培训和特种作业实操考试示范基地', establishedOn: '2021-06-18', practicalExams: true } });

  const enterprises: DemoEnterprise[] = [];
  const perEnterprise = Math.floor(size.workers / size.enterprises);
  for (let i = 0; i < size.enterprises; i += 1) {
    const spec = enterpriseSpec(random, i, UNITS[i % UNITS.length]!);
    const id = idOf(await client.as(CITY).POST('/api/v1/enterprises', { body: spec }));
    if (!id) continue;
    const workers = Array.from({ length: perEnterprise }, (_, k) => planWorker(seed, i * perEnterprise + k, spec.countyCode, spec.sector));
    enterprises.push({ index: i, id, countyCode: spec.countyCode, sector: spec.sector, providerId: providers.get(spec.countyCode)!, workers });
  }
  progress?.tick('providers, plans, sites, enterprises', 1);

  await eachLimited(enterprises, concurrency, async (enterprise) => {
    await enrolEnterprise(client, seed, enterprise);
    progress?.tick(`enrolled ${enterprise.index + 1}`);
  });

  const classes: ClaimableClass[][] = [];
  await eachLimited(UNITS, concurrency, async (county, u) => {
    classes[u] = await trainSpecialOperations(client, county, providers.get(county)!, enterprises.filter((e) => e.countyCode === county));
    progress?.tick(`special operations ${COUNTY_NAMES[county]}`);
  });
  await eachLimited(enterprises, concurrency, async (enterprise) => {
    await finishEnterprise(client, seed, enterprise);
    progress?.tick(`finished ${enterprise.index + 1}`);
  });

  await seedClaims(client, seed, classes.flat());
  await seedInspections(client, seed, enterprises);
  // Certificates revoked (after the claims that listed them): M2 drops on the day.
  for (const enterprise of enterprises) {
    for (const p of enterprise.workers.filter((w) => w.certificate && w.revocation)) {
      const revokedOn = addDays(p.certificate!.issuedOn, p.revocation!.daysAfterIssue);
      await client.as(em(enterprise.countyCode)).POST('/api/v1/certificates/{id}/revocation', { params: { path: { id: p.certificate!.certificateId } }, body: { revokedOn, reason: p.revocation!.reason } });
    }
  }
  // Counties' summaries (建章建制): four on time, three late, one missing.
  for (const [i, county] of UNITS.entries()) {
    if (i === 3) continue;
    await client.as(em(county)).POST('/api/v1/counties/{code}/summaries', { params: { path: { code: county } }, body: { submittedOn: i < 6 && i !== 2 ? random.day('2021-11-01', '2021-11-29') : random.day('2021-12-05', '2021-12-28') } });
  }
  // Enterprises' own summaries (各级各单位): most on time, some late, a few missing.
  await eachLimited(enterprises, concurrency, async (enterprise) => {
    const own = randomFor(seed, 6, enterprise.index);
    const fate = own.next();
    if (fate < 0.1) return;
    await client.as(enterpriseAdmin(enterprise.id)).POST('/api/v1/enterprises/{id}/summaries', { params: { path: { id: enterprise.id } }, body: { submittedOn: fate < 0.8 ? own.day('2021-10-15', '2021-11-30') : own.day('2021-12-01', '2022-01-20') } });
  });
  progress?.tick('claims, inspections, summaries', 1);
  progress?.finish();
  return {
    enterprises: enterprises.length,
    workers: enterprises.reduce((n, e) => n + e.workers.filter((p) => p.workerId).length, 0),
    commands: client.sent,
    position: String(client.position),
    refused: Object.fromEntries([...client.refused].sort()),
  };
}
