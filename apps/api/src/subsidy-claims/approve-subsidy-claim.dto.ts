import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Max } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class ApproveSubsidyClaimDto {
  @ApiProperty({ example: '2020-07-20' })
  @IsDay()
  approvedOn!: string;

  @ApiProperty({ example: 1600, description: 'Yuan, more than 0 and at most the claim total' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Max(1_000_000_000)
  amount!: number;
}
