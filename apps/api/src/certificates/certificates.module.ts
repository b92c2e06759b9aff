import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { CertificateAccess } from './certificate-access.js';
import { CertificatesController } from './certificates.controller.js';
import { IssueCertificateHandler } from './issue-certificate.handler.js';
import { PersonScope } from './person-scope.js';
import { ReviewCertificateHandler } from './review-certificate.handler.js';
import { RevokeCertificateHandler } from './revoke-certificate.handler.js';

@Module({
  imports: [ReadModelsModule],
  controllers: [CertificatesController],
  providers: [IssueCertificateHandler, ReviewCertificateHandler, RevokeCertificateHandler, CertificateAccess, PersonScope],
})
export class CertificatesModule {}
