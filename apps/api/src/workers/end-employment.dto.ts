import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class EndEmploymentDto {
  @ApiProperty({ description: 'The enterprise whose employment ends' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterpriseId is not a valid id' })
  enterpriseId!: string;

  @ApiProperty({ example: '2021-03-31', description: 'Last day of the employment; open posts end on it too' })
  @IsDay()
  endsOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
