import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { EDUCATION_LEVELS, EMPLOYMENT_TYPES, HIRE_TYPES, type EducationLevel, type EmploymentType, type HireType } from '#libs/domain';
import { ID_PATTERN, IsDay, IsName } from '../http/validators.js';

export class EnrollWorkerDto {
  @ApiProperty({ description: 'The employing enterprise' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterpriseId is not a valid id' })
  enterpriseId!: string;

  @ApiProperty({ example: '张三', description: 'Sealed into the event, never stored in clear' })
  @IsString()
  @IsName(100)
  name!: string;

  @ApiProperty({ description: '18-character resident ID number (居民身份证号码); sealed, never stored or echoed in clear' })
  @IsString()
  @Length(1, 32)
  idNumber!: string;

  @ApiProperty({ enum: EMPLOYMENT_TYPES })
  @IsIn(EMPLOYMENT_TYPES)
  employmentType!: EmploymentType;

  @ApiProperty({ enum: HIRE_TYPES })
  @IsIn(HIRE_TYPES)
  hireType!: HireType;

  @ApiProperty({ example: '2020-06-01' })
  @IsDay()
  enrolledOn!: string;

  @ApiPropertyOptional({ enum: EDUCATION_LEVELS, description: "Recorded only if the person has no education recorded yet; a later enrolment does not change it" })
  @IsOptional()
  @IsIn(EDUCATION_LEVELS)
  educationLevel?: EducationLevel;
}
