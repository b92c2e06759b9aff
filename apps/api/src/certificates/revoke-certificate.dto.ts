import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { REVOCATION_REASONS, type RevocationReason } from '#libs/domain';
import { IsDay } from '../http/validators.js';

export class RevokeCertificateDto {
  @ApiProperty({ example: '2021-03-01' })
  @IsDay()
  revokedOn!: string;

  @ApiProperty({ enum: REVOCATION_REASONS, description: '撤销: fraud starts a 3-year ban on new certificates' })
  @IsIn(REVOCATION_REASONS)
  reason!: RevocationReason;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  detail?: string;
}
