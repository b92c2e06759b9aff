import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { MANAGEMENT_ROLES, RISK_POSTS, type ManagementRole, type RiskPost } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class AssignToPostDto {
  @ApiProperty({ description: 'The employing enterprise' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'enterpriseId is not a valid id' })
  enterpriseId!: string;

  @ApiProperty({ example: '氯化工艺操作工' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ example: '2020-07-01' })
  @IsDay()
  startsOn!: string;

  @ApiPropertyOptional({ example: '9.1', description: 'Catalogue code when the post is a special operation (特种作业)' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'specialOperationCode must look like 9.1' })
  specialOperationCode?: string;

  @ApiPropertyOptional({ description: '班组长' })
  @IsOptional()
  @IsBoolean()
  teamLeader?: boolean;

  @ApiPropertyOptional({ description: '关键岗位' })
  @IsOptional()
  @IsBoolean()
  keyPosition?: boolean;

  @ApiPropertyOptional({ description: '企业新型学徒制: the new hire is enrolled in the enterprise new apprenticeship for this post (M7)' })
  @IsOptional()
  @IsBoolean()
  apprenticeship?: boolean;

  @ApiPropertyOptional({ enum: RISK_POSTS, description: '风险偏高岗位 the plan names for M7: 两重点一重大装置操作, 矿山井下作业, 金属冶炼煤气作业' })
  @IsOptional()
  @IsIn(RISK_POSTS)
  riskPost?: RiskPost;

  @ApiPropertyOptional({ enum: MANAGEMENT_ROLES, description: '主要负责人 or 安全管理人员' })
  @IsOptional()
  @IsIn(MANAGEMENT_ROLES)
  role?: ManagementRole;
}
