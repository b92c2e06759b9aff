import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { METRIC_STATUSES } from '#libs/domain';
import { GROUP_BY } from './compliance.service.js';

/** The OpenAPI schema of `GET /compliance`: documentation only, the service builds the answer. */
export class MetricDto {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'numerator / denominator; null when there is nothing to measure' }) ratio!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the target share (M4: the increase); null where the plan sets no number (M7)' }) target!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'the ratio reaches its target; null when nothing to measure or no target' }) met!: boolean | null;
  @ApiProperty({
    enum: METRIC_STATUSES,
    description: 'met; not_yet_met (below target before the due day); missed (below target on or after it); no_target (no number to meet, M7); no_data (nothing to measure)',
  })
  status!: string;
  @ApiProperty({ type: String, nullable: true, example: '2021-12-31', description: "the target's due day from the reference data" }) due!: string | null;
}

class M4BaselineDto {
  @ApiProperty({ example: '2020-01-01' }) asOf!: string;
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ type: Number, nullable: true }) ratio!: number | null;
}

export class IncreaseMetricDto extends MetricDto {
  @ApiProperty({ type: M4BaselineDto }) baseline!: M4BaselineDto;
  @ApiProperty({ enum: ['percentage_points', 'relative'] }) increaseMode!: string;
  @ApiProperty({ type: Number, nullable: true }) increase!: number | null;
}

export class ComplianceMetricsDto {
  @ApiProperty({ type: MetricDto }) M1!: MetricDto;
  @ApiProperty({ type: MetricDto }) M2!: MetricDto;
  @ApiProperty({ type: MetricDto }) M3!: MetricDto;
  @ApiProperty({ type: IncreaseMetricDto }) M4!: IncreaseMetricDto;
  @ApiProperty({ type: MetricDto }) M5!: MetricDto;
  @ApiProperty({ type: MetricDto }) M6!: MetricDto;
  @ApiProperty({ type: MetricDto }) M7!: MetricDto;
}

class ComplianceGroupDto {
  @ApiProperty({ description: 'the city, county code, sector or enterprise id' }) key!: string;
  @ApiProperty({ type: ComplianceMetricsDto }) metrics!: ComplianceMetricsDto;
}

export class ComplianceAnswerDto {
  @ApiProperty({ example: '2021-06-30' }) asOf!: string;
  @ApiPropertyOptional({ enum: GROUP_BY }) groupBy!: string;
  @ApiProperty({ type: [ComplianceGroupDto] }) groups!: ComplianceGroupDto[];
}
