import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class SubmitTrainingPlanDto {
  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2020-05-20' })
  @IsDay()
  submittedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  summary?: string;
}
