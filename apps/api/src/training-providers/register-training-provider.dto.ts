import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { TRAINING_PROVIDER_KINDS, type TrainingProviderKind } from '#libs/domain';
import { COUNTY_CODE_PATTERN, IsName } from '../http/validators.js';

export class RegisterTrainingProviderDto {
  @ApiProperty({ example: '益阳某安全培训中心' })
  @IsString()
  @IsName(200)
  name!: string;

  @ApiProperty({ enum: TRAINING_PROVIDER_KINDS, description: '培训机构, 职业院校 or 企业培训中心' })
  @IsIn(TRAINING_PROVIDER_KINDS)
  kind!: TrainingProviderKind;

  @ApiProperty({ example: '430903' })
  @IsString()
  @Matches(COUNTY_CODE_PATTERN, { message: 'countyCode must be a 6-digit administrative code' })
  countyCode!: string;

  @ApiPropertyOptional({ description: '统一社会信用代码, 18 characters' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z]{18}$/, { message: 'creditCode must be 18 letters or digits' })
  creditCode?: string;
}
