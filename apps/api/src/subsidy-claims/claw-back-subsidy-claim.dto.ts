import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class ClawBackSubsidyClaimDto {
  @ApiProperty({ example: '2020-12-01' })
  @IsDay()
  on!: string;

  @ApiProperty({ example: '虚假劳动合同' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
