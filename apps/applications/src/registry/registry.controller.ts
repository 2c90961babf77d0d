import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '@sme/auth';
import type { PublicPlatform } from '@sme/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import { TOTAL_COUNT_HEADER } from '../applications/application.controller';
import { RegisterService } from './register.service';

/** The most rows one page of the public list holds (and what a client that asks for no page gets). */
export const REGISTER_PAGE_MAX = 500;

export class RegisterQuery {
  @ApiPropertyOptional({ description: '名称关键字，或统一社会信用代码的开头 / part of the name, or the start of the credit code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: 1, description: '页码，从 1 开始 / page, from 1' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ example: 20, description: `每页条数（最多 ${REGISTER_PAGE_MAX}，默认 ${REGISTER_PAGE_MAX}）/ rows per page (at most ${REGISTER_PAGE_MAX}, the default)` })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(REGISTER_PAGE_MAX)
  pageSize?: number;
}

/**
 * The public list of recognised platforms with their validity (第十五条, 第十八条: open to the public), in pages:
 * every title can be reached, however many (the whole register is also open data, `platforms.csv` and the rest).
 */
@ApiTags('public')
@Public()
@Controller('api/public/platforms')
export class RegistryController {
  constructor(private readonly register: RegisterService) {}

  @Get()
  @ApiOperation({ summary: '示范平台名单：按名称或信用代码搜索，分页；总数在 X-Total-Count / recognised platforms, searchable by name or credit code, paged; the total in X-Total-Count' })
  @ApiOkResponse({
    description: '当前页的示范平台 / the rows of the page',
    headers: { [TOTAL_COUNT_HEADER]: { description: '符合条件的示范平台总数（全部页）/ how many platforms the search selects (every page)', schema: { type: 'integer' } } },
  })
  async list(@Query() query: RegisterQuery, @Res({ passthrough: true }) res: Response): Promise<PublicPlatform[]> {
    const answer = await this.register.page(query.q?.trim() || undefined, query.page ?? 1, query.pageSize ?? REGISTER_PAGE_MAX);
    res.setHeader(TOTAL_COUNT_HEADER, String(answer.total)).setHeader('Access-Control-Expose-Headers', TOTAL_COUNT_HEADER);
    // The rows as the register keeps them, already in JSON: Nest sends a string as it is, with the type set here. The
    // declared type is what the JSON holds (the OpenAPI document's response schema is read from it).
    res.type('application/json');
    return answer.json as unknown as PublicPlatform[];
  }
}
