import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { FINDING_KINDS, FINE_BANDS, INSPECTION_CHECKS } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class FindingDto {
  @ApiProperty({ enum: FINDING_KINDS })
  @IsIn(FINDING_KINDS)
  kind!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'workerId must be an id' })
  workerId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  detail?: string;
}

export class OpenInspectionDto {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'enterpriseId must be an id' })
  enterpriseId!: string;

  @ApiProperty({ example: '2021-06-01' })
  @IsDay()
  inspectedOn!: string;

  @ApiProperty({ enum: INSPECTION_CHECKS, isArray: true, description: '培训计划, 持证情况, 培训档案, 现场抽考' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INSPECTION_CHECKS.length)
  @IsIn(INSPECTION_CHECKS, { each: true })
  checks!: string[];

  @ApiProperty({ type: [FindingDto], description: "the officer's own findings, recorded as confirmed" })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FindingDto)
  findings!: FindingDto[];
}

export class DecideFindingDto {
  @ApiProperty({ example: '2021-06-01' })
  @IsDay()
  on!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  reason?: string;
}

export class CloseInspectionDto {
  @ApiProperty({ example: '2021-06-02' })
  @IsDay()
  closedOn!: string;
}

export class OrderRectificationDto {
  @ApiProperty({ example: '2021-07-01', description: '限期改正 deadline' })
  @IsDay()
  deadline!: string;

  @ApiPropertyOptional({ description: 'fine in yuan, within the 安全生产法 Art. 97 band', example: 30000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  fine?: number;

  @ApiPropertyOptional({ enum: FINE_BANDS, description: 'defaults to with_rectification' })
  @IsOptional()
  @IsIn(FINE_BANDS)
  fineBand?: string;

  @ApiPropertyOptional({ description: 'day of the order; defaults to today', example: '2021-06-02' })
  @IsOptional()
  @IsDay()
  orderedOn?: string;
}

export class CompleteRectificationDto {
  @ApiProperty({ example: '2021-06-25' })
  @IsDay()
  completedOn!: string;
}
