import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ROLES } from '../auth/roles.js';
import { COUNTY_CODE_PATTERN, ID_PATTERN } from '../http/validators.js';

/** The dashboard's sign-in form: a role and the scope it needs. */
export class DevTokenDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: string;

  @ApiPropertyOptional({ example: '430903', description: 'for em_officer, hrss_officer, enforcement_officer' })
  @IsOptional()
  @IsString()
  @Matches(COUNTY_CODE_PATTERN, { message: 'county must be a 6-digit administrative code' })
  county?: string;

  @ApiPropertyOptional({ description: 'for enterprise_admin' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterprise must be a resource id' })
  enterprise?: string;

  @ApiPropertyOptional({ description: 'for training_provider' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'provider must be a resource id' })
  provider?: string;
}
