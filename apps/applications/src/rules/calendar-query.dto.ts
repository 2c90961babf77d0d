import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '@sme/runtime';

export class NoticePeriodQuery {
  @ApiProperty({ example: '2026-09-30' })
  @IsCalendarDate()
  published!: string;

  @ApiPropertyOptional({ example: 7, description: 'working days; default: the policy version\'s (第十三条: 7)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60)
  days?: number;
}

export class ReportDeadlineQuery {
  @ApiProperty({ example: 2026, description: 'the year the report is on' })
  @Type(() => Number) @IsInt() @Min(2021) @Max(2200)
  year!: number;
}
