import { ApiProperty } from '@nestjs/swagger';
import { IsDay } from '../http/validators.js';

export class SubmitEnterpriseSummaryDto {
  @ApiProperty({ example: '2021-11-20', description: 'The day the summary and long-term mechanism (总结和长效机制) was submitted' })
  @IsDay()
  submittedOn!: string;
}
