import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DEMONSTRATION_SITE_KINDS, SECTOR_CODES, type DemonstrationSiteKind } from '#libs/domain';
import { COUNTY_CODE_PATTERN, IsDay, IsName } from '../http/validators.js';

export class EstablishDemonstrationSiteDto {
  @ApiProperty({ enum: DEMONSTRATION_SITE_KINDS, description: '实训基地 or 示范职业院校' })
  @IsIn(DEMONSTRATION_SITE_KINDS)
  kind!: DemonstrationSiteKind;

  @ApiProperty({ example: '430923' })
  @IsString()
  @Matches(COUNTY_CODE_PATTERN, { message: 'countyCode must be a 6-digit administrative code' })
  countyCode!: string;

  @ApiPropertyOptional({ enum: SECTOR_CODES })
  @IsOptional()
  @IsIn(SECTOR_CODES)
  sector?: string;

  @ApiProperty({ example: '安化县非煤矿山安全技能实训基地' })
  @IsString()
  @IsName(200)
  name!: string;

  @ApiProperty({ example: '2020-09-30' })
  @IsDay()
  establishedOn!: string;

  @ApiPropertyOptional({ description: 'A training base that also holds special-operation practical exams (实操考试示范基地, target 二.2)' })
  @IsOptional()
  @IsBoolean()
  practicalExams?: boolean;
}
