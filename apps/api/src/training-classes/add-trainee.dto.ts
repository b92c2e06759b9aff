import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ID_PATTERN } from '../http/validators.js';

export class AddTraineeDto {
  @ApiProperty({ description: 'The person (worker id) joining the class' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'workerId is not a valid id' })
  workerId!: string;
}
