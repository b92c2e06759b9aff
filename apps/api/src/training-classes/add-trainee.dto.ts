import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN, IsName } from '../http/validators.js';

/**
 * Either `workerId` (an enterprise: its own workers; a provider: workers it already trains), or
 * `idNumber` and `name` from the roster (a provider): both must match the person's account.
 */
export class AddTraineeDto {
  @ApiPropertyOptional({ description: 'The person (worker id): an enterprise its own workers, a provider only workers it already trains' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'workerId is not a valid id' })
  workerId?: string;

  @ApiPropertyOptional({ description: 'From the roster, with name: the resident ID number of the person (never stored or echoed)' })
  @IsOptional()
  @IsString()
  @Length(1, 32)
  idNumber?: string;

  @ApiPropertyOptional({ description: 'From the roster, with idNumber: the name on the person’s account' })
  @IsOptional()
  @IsString()
  @IsName(100)
  name?: string;
}
