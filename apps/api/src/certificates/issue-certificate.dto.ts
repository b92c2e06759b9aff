import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CERTIFICATE_TYPES, type CertificateType } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class IssueCertificateDto {
  @ApiProperty({ description: "The person's lifelong account id" })
  @IsString()
  @Matches(ID_PATTERN, { message: 'workerId must be an id' })
  workerId!: string;

  @ApiProperty({ enum: CERTIFICATE_TYPES, description: '特种作业操作证, 职业资格证书 or 职业技能等级证书' })
  @IsIn(CERTIFICATE_TYPES)
  type!: CertificateType;

  @ApiPropertyOptional({ example: '1.2', description: 'Catalogue code, for special_operation' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}\.\d{1,2}$/, { message: 'specialOperationCode must be a catalogue code such as 1.2' })
  specialOperationCode?: string;

  @ApiPropertyOptional({ example: '电工', description: 'For vocational_qualification and skill_level' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  occupation?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: '5 初级 … 1 高级技师, for skill_level' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  level?: number;

  @ApiProperty({ example: 'T430903199005170012' })
  @IsString()
  @Length(1, 64)
  number!: string;

  @ApiProperty({ example: '2020-06-10' })
  @IsDay()
  issuedOn!: string;

  @ApiProperty({ example: '益阳市应急管理局' })
  @IsString()
  @Length(1, 200)
  issuer!: string;

  @ApiPropertyOptional({ example: '2026-06-10', description: 'Computed for special_operation (must match when given)' })
  @IsOptional()
  @IsDay()
  validUntil?: string;
}
