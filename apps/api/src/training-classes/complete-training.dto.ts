import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsString, Matches, Max, Min } from 'class-validator';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class CompleteTrainingDto {
  @ApiProperty({ description: 'The trainee (worker id)' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'workerId is not a valid id' })
  workerId!: string;

  @ApiProperty({ example: 72, description: 'Hours (学时) the trainee attended' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(4000)
  hoursAttended!: number;

  @ApiProperty({ example: '2020-06-20' })
  @IsDay()
  completedOn!: string;
}
