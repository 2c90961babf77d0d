import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class OperationsQuery {
  /** The call year the running list, the describes and the deadlines are about; this year in Asia/Shanghai if left out. */
  @ApiPropertyOptional({ example: 2026, minimum: 2000, maximum: 2200, type: 'integer' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2200)
  year?: number;
}
