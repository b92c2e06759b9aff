import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { EXAM_KINDS, type TrainingClassKind } from '#libs/domain';
import { COUNTY_CODE_PATTERN, ID_PATTERN, IsDay } from '../http/validators.js';

export class OpenTrainingClassDto {
  @ApiProperty({ example: '430903' })
  @IsString()
  @Matches(COUNTY_CODE_PATTERN, { message: 'countyCode must be a 6-digit administrative code' })
  countyCode!: string;

  @ApiProperty({ enum: EXAM_KINDS })
  @IsIn(EXAM_KINDS)
  kind!: TrainingClassKind;

  @ApiPropertyOptional({ example: '9.1', description: 'Required for special-operation classes' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'specialOperationCode must look like 9.1' })
  specialOperationCode?: string;

  @ApiProperty({ example: '2020年第一期危险化学品安全作业培训班' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ example: '氯化工艺安全技术理论与实操' })
  @IsString()
  @Length(1, 2000)
  content!: string;

  @ApiProperty({ example: 48, description: '理论学时' })
  @IsInt()
  @Min(0)
  @Max(2000)
  theoryHours!: number;

  @ApiProperty({ example: 24, description: '实操学时' })
  @IsInt()
  @Min(0)
  @Max(2000)
  practicalHours!: number;

  @ApiProperty({ example: '2020-06-01' })
  @IsDay()
  startsOn!: string;

  @ApiProperty({ example: '2020-06-20' })
  @IsDay()
  endsOn!: string;

  @ApiPropertyOptional({ description: 'The provider running the class; defaults to the caller’s provider' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'providerId is not a valid id' })
  providerId?: string;

  @ApiPropertyOptional({ description: 'The enterprise running its own class; defaults to the caller’s enterprise' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterpriseId is not a valid id' })
  enterpriseId?: string;
}
