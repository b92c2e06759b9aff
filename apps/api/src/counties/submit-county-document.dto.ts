import { ApiProperty } from '@nestjs/swagger';
import { IsDay } from '../http/validators.js';

/** A county's implementation plan (实施方案) or summary (总结): the milestone evidence is the day it was submitted. */
export class SubmitCountyDocumentDto {
  @ApiProperty({ example: '2020-03-25' })
  @IsDay()
  submittedOn!: string;
}
