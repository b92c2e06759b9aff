import type { Day } from '#libs/domain';
import type { WorkerPlan } from './worker-plan.js';

/** An enterprise as the demo registered it, with its county's training provider and its workers' plans. */
export interface DemoEnterprise {
  index: number;
  id: string;
  countyCode: string;
  sector: string;
  providerId: string;
  workers: WorkerPlan[];
}

/** A class whose certified trainees a claimant may ask the subsidy for (培训班为批次). */
export interface ClaimableClass {
  classId: string;
  countyCode: string;
  claimant: { kind: 'enterprise' | 'provider'; id: string };
  /** The class's provider: for an enterprise's claim, the party that may not claim it too. */
  providerId: string;
  certified: Array<{ workerId: string; certificateId: string; issuedOn: Day }>;
}
