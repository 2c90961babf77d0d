import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCalendarDate } from '@sme/runtime';

/** Which events: the screen's filters, shared by the list and its export. */
export class AuditFilterQuery {
  @ApiPropertyOptional({ example: 'application', description: '对象类型 / entity type (exact)' })
  @IsOptional() @IsString() @MaxLength(40)
  entityType?: string;

  @ApiPropertyOptional({ example: '2026', description: '对象编号 / entity id (exact)' })
  @IsOptional() @IsString() @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ example: 'user:staff', description: '操作人，精确匹配；以 * 结尾按前缀匹配（如 system:*）/ actor, exact; a trailing * matches a prefix (e.g. system:*)' })
  @IsOptional() @IsString() @MaxLength(120) @Matches(/^[^*]+\*?$/, { message: 'actor may end with one * (a prefix), nowhere else' })
  actor?: string;

  @ApiPropertyOptional({ example: 'platform.', description: '操作，按前缀匹配（platform. 为全部示范平台操作）/ action prefix (platform. is every platform action)' })
  @IsOptional() @IsString() @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: '起始日期（北京时间，含当日）/ from this day (Beijing time), inclusive' })
  @IsOptional() @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: '截止日期（北京时间，含当日）/ to this day (Beijing time), inclusive' })
  @IsOptional() @IsCalendarDate()
  to?: string;
}

/** The list: the filters, and a page of the result (newest first; the total is in X-Total-Count). */
export class AuditQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ example: 1, description: '页码，从 1 开始 / page, from 1' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ example: 50, description: '每页条数（最多 200）/ events per page (at most 200)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  pageSize?: number;
}

export class AuditSeqParam {
  @ApiProperty({ example: 1, description: '审计记录序号 / the event\'s number' })
  @Type(() => Number) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER)
  seq!: number;
}
