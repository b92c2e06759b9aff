import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class RejectSubsidyClaimDto {
  @ApiProperty({ example: '2020-07-10' })
  @IsDay()
  rejectedOn!: string;

  @ApiProperty({ example: '材料不全' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
