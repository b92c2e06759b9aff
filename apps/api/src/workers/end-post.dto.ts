import { ApiProperty } from '@nestjs/swagger';
import { IsDay } from '../http/validators.js';

export class EndPostDto {
  @ApiProperty({ example: '2021-03-31', description: 'Last day on the post' })
  @IsDay()
  endsOn!: string;
}
