import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sme/auth';
import type { GlobalSearchResult } from '@sme/contracts';
import { GlobalSearchQuery } from './search.query';
import { HITS_PER_KIND, SearchService } from './search.service';

@ApiTags('search')
@Controller('api/search')
export class SearchController {
  constructor(private readonly sut: SearchService) {}

  @Get()
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: `全局搜索：按名称、信用代码或申报编号查找申报与示范平台（各最多 ${HITS_PER_KIND} 条）/ find applications and platforms by name, credit code or application id` })
  search(@Query() query: GlobalSearchQuery): Promise<GlobalSearchResult> {
    return this.sut.search(query.q);
  }
}
