import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { EDUCATION_LEVELS, type EducationLevel } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class RecordEducationDto {
  @ApiProperty({ description: 'An enterprise currently employing the person' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterpriseId is not a valid id' })
  enterpriseId!: string;

  @ApiProperty({ enum: EDUCATION_LEVELS, example: 'secondary_vocational', description: 'The education level studied for or obtained (中职及以上学历教育 counts for M4)' })
  @IsIn(EDUCATION_LEVELS)
  level!: EducationLevel;

  @ApiProperty({ example: '2021-06-01', description: 'The day the study started or the diploma was obtained: M4 counts it from that day' })
  @IsDay()
  since!: string;
}
