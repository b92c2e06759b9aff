import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsDay } from '../http/validators.js';

export class ReviewCertificateDto {
  @ApiProperty({ example: '2023-05-01', description: 'Within the 60 days before the review is due (复审)' })
  @IsDay()
  reviewedOn!: string;

  @ApiProperty()
  @IsBoolean()
  passed!: boolean;

  @ApiPropertyOptional({ description: 'The officer found ≥ 10 continuous years in the trade without violations (reviews every 6 years)' })
  @IsOptional()
  @IsBoolean()
  violationFree?: boolean;
}
