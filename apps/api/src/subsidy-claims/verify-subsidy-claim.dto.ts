import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsDay } from '../http/validators.js';

/** 核实盖章: the county emergency-management department verifies the claim and stamps it. */
export class VerifySubsidyClaimDto {
  @ApiProperty({ example: '2020-07-10' })
  @IsDay()
  verifiedOn!: string;

  @ApiProperty({ example: '赫应急核〔2020〕12号', description: 'Reference of the stamped verification' })
  @IsString()
  @Length(1, 200)
  stampRef!: string;
}
