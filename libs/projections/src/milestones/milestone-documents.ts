import type { DemonstrationSiteEstablished } from '#libs/domain';

/** A county-level unit's milestone evidence: the first implementation plan and summary count. */
export interface CountyDocument {
  countyCode: string;
  implementationPlanSubmittedOn: string | null;
  implementationPlanRecordedAt: string | null;
  summarySubmittedOn: string | null;
  summaryRecordedAt: string | null;
}

/** A demonstration training base or vocational school (示范基地/院校). */
export type DemonstrationSiteDocument = DemonstrationSiteEstablished['data'] & { sector: string | null; recordedAt: string };
