import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsString, Length, Max } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class PaySubsidyClaimDto {
  @ApiProperty({ example: '2020-08-01' })
  @IsDay()
  paidOn!: string;

  @ApiProperty({ example: 1600, description: 'Yuan, the approved amount' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Max(1_000_000_000)
  amount!: number;

  @ApiProperty({ example: 'PAY-2020-001', description: 'The payment reference (bank or treasury)' })
  @IsString()
  @Length(1, 200)
  reference!: string;
}
