import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, Matches } from 'class-validator';
import { EXAM_KINDS, type ExamKind } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class RecordExamDto {
  @ApiProperty({ enum: EXAM_KINDS })
  @IsIn(EXAM_KINDS)
  kind!: ExamKind;

  @ApiPropertyOptional({ description: 'The training class the exam concludes; required when a training provider records it' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'classId is not a valid id' })
  classId?: string;

  @ApiPropertyOptional({ example: '9.1', description: 'Required for special-operation exams' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'specialOperationCode must look like 9.1' })
  specialOperationCode?: string;

  @ApiProperty({ example: 86, description: 'Theory score out of 100' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  theoryScore!: number;

  @ApiPropertyOptional({ example: 90, description: 'Practical score out of 100; required for special-operation exams' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  practicalScore?: number;

  @ApiProperty({ description: 'Whether the key safety skills (关键安全技能) were all passed' })
  @IsBoolean()
  keySafetySkillsPassed!: boolean;

  @ApiProperty({ example: '2020-06-25' })
  @IsDay()
  examinedOn!: string;
}
