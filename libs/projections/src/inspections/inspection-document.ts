import type { Fine, Finding, FindingStatus, InspectionCheck } from '#libs/domain';

/** An enforcement inspection (执法检查) with its findings, each with the day and record time of its status. */
export interface InspectionDocument {
  inspectionId: string;
  enterpriseId: string;
  inspectedOn: string;
  checks: InspectionCheck[];
  findings: Array<Finding & { status: FindingStatus; statusOn: string | null; statusRecordedAt: string | null }>;
  closedOn: string | null;
  inspector: { sub: string; role: string };
  recordedAt: string;
  closedRecordedAt: string | null;
}

/** A rectification order (责令限期改正); its status as of T comes from `orderStatusOn` at query time. */
export interface RectificationOrderDocument {
  orderId: string;
  inspectionId: string;
  enterpriseId: string;
  orderedOn: string;
  deadline: string;
  fine: Fine | null;
  completedOn: string | null;
  recordedAt: string;
  completedRecordedAt: string | null;
}
