import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { SECTOR_CODES } from '#libs/domain';
import { COUNTY_CODE_PATTERN, IsName } from '../http/validators.js';

export class RegisterEnterpriseDto {
  @ApiProperty({ example: '益阳某化工有限公司' })
  @IsString()
  @IsName(200)
  name!: string;

  @ApiProperty({ description: '统一社会信用代码, 18 characters', example: '91430900MA4L0XXXXX' })
  @IsString()
  @Matches(/^[0-9A-Za-z]{18}$/, { message: 'creditCode must be 18 letters or digits' })
  creditCode!: string;

  @ApiProperty({ enum: SECTOR_CODES })
  @IsIn(SECTOR_CODES)
  sector!: string;

  @ApiPropertyOptional({ example: 'underground_metal_nonmetal_mine' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  subsector?: string;

  @ApiProperty({ example: '430903' })
  @IsString()
  @Matches(COUNTY_CODE_PATTERN, { message: 'countyCode must be a 6-digit administrative code' })
  countyCode!: string;
}
