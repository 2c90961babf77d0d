import { ApiProperty } from '@nestjs/swagger';
import { IsCreditCode } from '@sme/runtime';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ListApplicationsQuery {
  @ApiProperty({ required: false, description: '统一社会信用代码' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiProperty({ required: false, description: '申报年度 / call year', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2021)
  @Max(2200)
  callYear?: number;
}
