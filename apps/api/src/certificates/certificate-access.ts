import { Injectable } from '@nestjs/common';
import type { CertificateIssued, CertificateState } from '#libs/domain';
import { EventWriter, type LoadedAggregate } from '../commands/event-writer.js';
import type { CommandContext } from '../http/command-context.js';
import { loadReferenced } from '../workers/load-referenced.js';
import { certificateAggregate, linkCertificate } from '../workers/person-certificates.js';
import { workerAggregate, type WorkerRecord } from '../workers/worker.aggregate.js';
import { PersonScope } from './person-scope.js';

export interface OpenedCertificate {
  certificate: LoadedAggregate<CertificateState>;
  issued: CertificateIssued['data'];
  worker: WorkerRecord;
}

/**
 * The certificate a review or revocation acts on (404 `certificate_not_found`), checked against the
 * officer's county, and linked to its holder's index before anything is recorded: this repairs a link
 * lost to a crash right after the issue, and means a revocation for fraud is always seen by the 3-year ban.
 */
@Injectable()
export class CertificateAccess {
  constructor(
    private readonly writer: EventWriter,
    private readonly personScope: PersonScope,
  ) {}

  async openForOfficer(certificateId: string, context: CommandContext, occurredAt: string): Promise<OpenedCertificate> {
    const certificate = await loadReferenced(this.writer, certificateAggregate, certificateId, 'id');
    const issued = certificate.state.issued!;
    const { state: worker } = await loadReferenced(this.writer, workerAggregate, issued.personId, 'workerId');
    await this.personScope.assertCountyOfficer(context.actor, worker);
    const { type, specialOperationCode } = issued;
    await linkCertificate(this.writer, issued.personId, { certificateId, type, ...(specialOperationCode ? { specialOperationCode } : {}) }, context, occurredAt);
    return { certificate, issued, worker };
  }
}
