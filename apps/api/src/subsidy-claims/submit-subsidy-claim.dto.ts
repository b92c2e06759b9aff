import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CLAIMANT_KINDS, type ClaimantKind } from '#libs/domain';
import { ID_PATTERN, IsDay } from '../http/validators.js';

export class ClaimantDto {
  @ApiProperty({ enum: CLAIMANT_KINDS })
  @IsIn(CLAIMANT_KINDS)
  kind!: ClaimantKind;

  @ApiProperty({ description: 'The enterprise or training provider id' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'id must be an id' })
  id!: string;
}

/** 劳动合同复印件: the copy is stored elsewhere; the claim records its name and SHA-256. */
export class LaborContractDto {
  @ApiProperty({
    example: '劳动合同-张三.pdf',
    description: 'Only its extension is kept: the claim stores `labor-contract-<first 16 hex digits of sha256>.<ext>` (ext only for pdf, ofd, jpg, jpeg, png, tif, tiff, doc, docx, lower-cased; otherwise none), so that no personal name in it outlives an erasure',
  })
  @IsString()
  @Length(1, 200)
  fileName!: string;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @IsString()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'sha256 must be 64 hexadecimal digits' })
  sha256!: string;
}

export class ClaimedTraineeDto {
  @ApiProperty()
  @IsString()
  @Matches(ID_PATTERN, { message: 'workerId must be an id' })
  workerId!: string;

  @ApiProperty()
  @IsString()
  @Matches(ID_PATTERN, { message: 'certificateId must be an id' })
  certificateId!: string;

  /** Optional here so that a trainee without one is the rule's refusal (422 `no_labor_contract`), not a malformed body. */
  @ApiPropertyOptional({ type: LaborContractDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LaborContractDto)
  laborContract?: LaborContractDto;
}

export class SubmitSubsidyClaimDto {
  @ApiProperty({ description: 'The training class claimed for (培训班为批次)' })
  @IsString()
  @Matches(ID_PATTERN, { message: 'classId must be an id' })
  classId!: string;

  @ApiProperty({ type: ClaimantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ClaimantDto)
  claimant!: ClaimantDto;

  @ApiProperty({ example: '2020-07-01' })
  @IsDay()
  submittedOn!: string;

  @ApiProperty({ type: [ClaimedTraineeDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ClaimedTraineeDto)
  trainees!: ClaimedTraineeDto[];
}
