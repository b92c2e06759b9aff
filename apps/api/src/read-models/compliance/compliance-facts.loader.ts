import { Injectable } from '@nestjs/common';
import { postFact, validityInterval, type ComplianceFacts, type EmploymentFact, type ExamKind, type PostFact, type SectorCode, certificateStateKnownAt } from '#libs/domain';
import { type CertificateDocument, EmploymentDocument, EnterpriseDocument, PostDocument, TrainingClassDocument, WorkerDocument } from '#libs/projections';
import type { DocumentFilter } from '#libs/read-store';
import { ReadModels } from '../shared/read-models.js';

export interface ComplianceSelection {
  countyCode?: string;
  sector?: SectorCode;
  enterpriseId?: string;
}

/** The facts of the selected enterprises, each post and employment with its enterprise. */
export interface LoadedFacts {
  enterprises: Map<string, EnterpriseDocument>;
  facts: ComplianceFacts;
  /** The documents behind the facts, for answers that name posts and people. */
  posts: PostDocument[];
  workers: WorkerDocument[];
}

/** Known at K: recorded on or before K. `null` means everything recorded so far. */
const known = (recordedAt: string | null | undefined, knownAt: string | null): boolean =>
  knownAt === null || (recordedAt != null && recordedAt <= knownAt);

/**
 * Loads the intervals M1–M7 are computed from: the selected enterprises (by county and sector
 * index), their posts and employments (by enterprise index), and their workers' exams,
 * trainings (with the class's kind) and certificates (by worker index).
 */
@Injectable()
export class ComplianceFactsLoader {
  constructor(private readonly readModels: ReadModels) {}

  /**
   * `knownAt` leaves out what the system learned after it (a post recorded later, an end of post or a
   * revocation entered late): "what did we know then" for an inspection file.
   */
  async load(selection: ComplianceSelection, knownAt: string | null = null): Promise<LoadedFacts> {
    const enterpriseDocs = selection.enterpriseId
      ? await this.readModels.getMany<EnterpriseDocument>('enterprises', 'enterprises', [selection.enterpriseId])
      : await this.readModels.find<EnterpriseDocument>('enterprises', 'enterprises', { filter: enterpriseFilter(selection) });
    const selected = enterpriseDocs.filter((e) => (!selection.sector || e.sector === selection.sector) && (!selection.countyCode || e.countyCode === selection.countyCode));
    const enterprises = new Map(selected.map((e) => [e.id, e]));
    const enterpriseIds = [...enterprises.keys()];
    const [allPosts, allEmployments] = await Promise.all([
      this.readModels.findIn<PostDocument>('posts', 'posts', 'enterpriseId', enterpriseIds),
      this.readModels.findIn<EmploymentDocument>('posts', 'employments', 'enterpriseId', enterpriseIds),
    ]);
    const postDocs = allPosts.filter((p) => known(p.recordedAt, knownAt)).map((p) => (known(p.endRecordedAt, knownAt) ? p : { ...p, endsOn: null }));
    const employmentDocs = allEmployments.filter((e) => known(e.recordedAt, knownAt)).map((e) => (known(e.endRecordedAt, knownAt) ? e : { ...e, endsOn: null }));
    const workerIds = [...new Set([...postDocs.map((p) => p.workerId), ...employmentDocs.map((e) => e.workerId)])];
    const [workers, certificates] = await Promise.all([
      this.readModels.getMany<WorkerDocument>('workers', 'workers', workerIds),
      this.readModels.findIn<CertificateDocument>('certificates', 'certificates', 'workerId', workerIds),
    ]);
    const classes = await this.readModels.getMany<TrainingClassDocument>('training_classes', 'classes', workers.flatMap((w) => w.trainings.map((t) => t.classId)));
    const classKind = new Map(classes.map((c) => [c.id, c.kind as ExamKind]));
    const hireType = new Map(employmentDocs.map((e) => [e.employmentId, e.hireType]));

    const posts: PostFact[] = postDocs.map((p) => postFact(p, hireType.get(p.employmentId), enterprises.get(p.enterpriseId)?.subsector));
    const employments: EmploymentFact[] = employmentDocs.map((e) => {
      const enterprise = enterprises.get(e.enterpriseId)!;
      return { workerId: e.workerId, enterpriseId: e.enterpriseId, startsOn: e.startsOn, endsOn: e.endsOn, sector: enterprise.sector, ...(enterprise.subsector ? { subsector: enterprise.subsector } : {}) };
    });
    const certificateFacts = certificates.flatMap((c) => {
      if (knownAt === null) return c.validFrom !== undefined ? [{ doc: c, validFrom: c.validFrom, validThrough: c.validThrough }] : [];
      const interval = validityInterval(certificateStateKnownAt(c.facts, knownAt));
      return interval ? [{ doc: c, ...interval }] : [];
    });
    return {
      enterprises,
      posts: postDocs,
      workers,
      facts: {
        posts,
        employments,
        exams: workers.flatMap((w) =>
          w.exams.filter((x) => known(x.recordedAt, knownAt)).map((x) => ({ workerId: w.personId, kind: x.kind, passed: x.passed, examinedOn: x.examinedOn })),
        ),
        trainings: workers.flatMap((w) =>
          w.trainings.flatMap((t) =>
            classKind.has(t.classId) && known(t.recordedAt, knownAt) ? [{ workerId: w.personId, kind: classKind.get(t.classId)!, completedOn: t.completedOn }] : [],
          ),
        ),
        certificates: certificateFacts.map(({ doc: c, validFrom, validThrough }) => ({
          workerId: c.workerId,
          type: c.type,
          ...(c.specialOperationCode != null ? { specialOperationCode: c.specialOperationCode } : {}),
          validFrom,
          validThrough,
        })),
        workers: workers.map((w) => {
          const educations = (w.educations ?? []).filter((e) => known(e.recordedAt, knownAt)).map(({ level, since }) => ({ level, since }));
          return { workerId: w.personId, ...(w.educationLevel ? { educationLevel: w.educationLevel } : {}), ...(educations.length > 0 ? { educations } : {}) };
        }),
      },
    };
  }
}

function enterpriseFilter(selection: ComplianceSelection): DocumentFilter {
  const filter: DocumentFilter = {};
  if (selection.countyCode) filter['countyCode'] = selection.countyCode;
  else if (selection.sector) filter['sector'] = selection.sector;
  return filter;
}
