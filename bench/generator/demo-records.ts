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
  /** The class's provider: it claims, or, when one enterprise employs every certified trainee, that enterprise may (then the provider may not too). */
  providerId: string;
  /** The trainees certified on this class's exam, each with the enterprise employing them. */
  certified: Array<{ workerId: string; certificateId: string; issuedOn: Day; enterpriseId: string }>;
}
