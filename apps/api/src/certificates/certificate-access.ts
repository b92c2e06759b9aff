import { Injectable } from '@nestjs/common';
import type { AuthenticatedActor } from '../auth/roles.js';
import { EventWriter } from '../commands/event-writer.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { certificateAggregate } from '../workers/person-certificates.js';
import { workerAggregate, type WorkerRecord } from '../workers/worker.aggregate.js';
import { PersonScope } from './person-scope.js';

/**
 * The certificate a review or revocation acts on (404 `certificate_not_found`), checked against the
 * officer's county (403); answers its holder's record.
 */
@Injectable()
export class CertificateAccess {
  constructor(
    private readonly writer: EventWriter,
    private readonly personScope: PersonScope,
  ) {}

  async holderForOfficer(certificateId: string, actor: AuthenticatedActor): Promise<WorkerRecord> {
    const certificate = await loadReferenced(this.writer, certificateAggregate, certificateId, 'id');
    const { state: worker } = await loadReferenced(this.writer, workerAggregate, certificate.state.issued!.personId, 'workerId');
    await this.personScope.assertCountyOfficer(actor, worker);
    return worker;
  }
}
