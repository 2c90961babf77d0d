import { ApiPropertyOptional } from '@nestjs/swagger';
import { PUBLISHED_APPLICATION_STAGES, type PublishedApplicationStage } from '@sme/contracts';
import { IsCreditCode } from '@sme/runtime';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const APPLICATION_SORTS = ['submittedAt', 'institutionName', 'callYear'] as const;
export type ApplicationSort = (typeof APPLICATION_SORTS)[number];

/** The most rows one page of the list holds. */
export const MAX_PAGE_SIZE = 200;

/** What narrows and orders the list of applications: the list's page and its Excel export share it. */
export class ApplicationFilterQuery {
  @ApiPropertyOptional({
    description: '搜索：机构名称（包含，不区分大小写）、统一社会信用代码（前缀）或申报编号（完整）/ part of the name, a credit code prefix, or an application id',
    example: '厦门',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: '统一社会信用代码 / credit code' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiPropertyOptional({ description: '申报年度 / call year', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2021)
  @Max(2200)
  callYear?: number;

  @ApiPropertyOptional({ enum: PUBLISHED_APPLICATION_STAGES, description: '流程阶段（流程最近发布的阶段）/ the stage the workflow last published' })
  @IsOptional()
  @IsIn(PUBLISHED_APPLICATION_STAGES)
  stage?: PublishedApplicationStage;

  @ApiPropertyOptional({ enum: APPLICATION_SORTS, default: 'submittedAt', description: '排序字段 / sort by' })
  @IsOptional()
  @IsIn(APPLICATION_SORTS)
  sort?: ApplicationSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: '升序或降序（默认：机构名称升序，其余降序即最新在前）/ order (by default names A to Z, the rest newest first)' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** One page of the list. */
export class ListApplicationsQuery extends ApplicationFilterQuery {
  @ApiPropertyOptional({ description: '页码（从 1 开始）/ page, from 1', default: 1, example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ description: `每页条数（最多 ${MAX_PAGE_SIZE}）/ rows a page, at most ${MAX_PAGE_SIZE}`, default: 20, example: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
