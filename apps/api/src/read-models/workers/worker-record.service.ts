import { Inject, Injectable } from '@nestjs/common';
import { certificateStatusOn, type Day, certificateStateKnownAt } from '#libs/domain';
import { type CertificateDocument, type TrainingClassDocument, type WorkerDocument } from '#libs/projections';
import type { AuthenticatedActor } from '../../auth/roles.js';
import { notFound } from '#libs/runtime';
import { PersonalDataVault } from '../../personal-data/personal-data-vault.js';
import { ReadModels } from '../shared/read-models.js';
import { certificateNumberView, personalView } from './personal-view.js';
import { assertWorkerInScope, employerView, seesFullIdentity } from './worker-access.js';

/** `GET /workers/{id}`: the lifelong account, personal data opened and masked for the caller. */
@Injectable()
export class WorkerRecordService {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  /** The worker document when it exists and the actor may see it (404, then 403). */
  async load(actor: AuthenticatedActor, workerId: string, today: Day): Promise<WorkerDocument> {
    const worker = await this.readModels.get<WorkerDocument>('workers', 'workers', workerId);
    if (!worker || worker.recordedAt === null) throw notFound('The worker');
    await assertWorkerInScope(actor, this.readModels, worker, today);
    return worker;
  }

  async record(actor: AuthenticatedActor, workerId: string, today: Day) {
    const worker = employerView(actor, await this.load(actor, workerId, today));
    const [certificates, classes] = await Promise.all([
      this.readModels.getMany<CertificateDocument>('certificates', 'certificates', worker.certificateIds),
      this.readModels.getMany<TrainingClassDocument>('training_classes', 'classes', worker.trainings.map((t) => t.classId)),
    ]);
    const classById = new Map(classes.map((c) => [c.id, c]));
    const full = seesFullIdentity(actor);
    const personal = await personalView(this.vault, worker.personal, full);
    const numbers = await Promise.all(certificates.map((c) => certificateNumberView(this.vault, c, personal, full)));
    const numberOf = new Map(certificates.map((c, index) => [c.id, numbers[index] ?? null]));
    return {
      id: worker.personId,
      ...personal,
      educationLevel: worker.educationLevel,
      educations: worker.educations ?? [],
      employments: worker.employments,
      posts: worker.posts,
      exams: worker.exams,
      trainings: worker.trainings.map((t) => ({ ...t, kind: classById.get(t.classId)?.kind ?? null, title: classById.get(t.classId)?.title ?? null })),
      certificates: certificates
        .sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.id.localeCompare(b.id))
        .map((c) => ({
          id: c.id,
          type: c.type,
          specialOperationCode: c.specialOperationCode,
          occupation: c.occupation,
          level: c.level,
          number: numberOf.get(c.id) ?? null,
          issuer: c.issuer,
          issuedOn: c.issuedOn,
          validUntil: c.validUntil,
          reviewDueOn: c.reviewDueOn,
          reviews: c.reviews,
          revokedOn: c.revokedOn,
          cancelledOn: c.cancelledOn,
          status: certificateStatusOn(certificateStateKnownAt(c.facts), today),
        })),
    };
  }
}
