import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class NoticePeriodQuery {
  @ApiProperty({ example: '2026-09-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'published must be a date YYYY-MM-DD' })
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
