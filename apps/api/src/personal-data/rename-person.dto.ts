import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsDay, IsName } from '../http/validators.js';

export class RenamePersonDto {
  @ApiProperty({ example: '张三丰', description: 'The new name, from the documentary proof (户口簿, 身份证); sealed, never stored in clear' })
  @IsString()
  @IsName(100)
  name!: string;

  @ApiProperty({ example: '2021-03-01' })
  @IsDay()
  renamedOn!: string;
}
