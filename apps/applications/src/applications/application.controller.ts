import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { type ApplicationSummary, type ApplicationView, ApplicationService } from './application.service';
import { CreateApplicationDto } from './create-application.dto';
import { ListApplicationsQuery } from './list-applications.query';
import { SiteVisitDto } from './site-visit.dto';
import { SupplementMaterialsDto } from './supplement-materials.dto';
import { CloseApplicationDto } from './close-application.dto';
import type { Response } from 'express';

/** The header that carries the number of rows of the whole view of a paged list. */
export const TOTAL_COUNT_HEADER = 'X-Total-Count';

@ApiTags('applications')
@Controller('api/applications')
export class ApplicationController {
  constructor(private readonly sut: ApplicationService) {}

  @Post()
  @Roles('applicant')
  @ApiOperation({ summary: '提交申报（仅限本机构）/ submit an application for one\'s own institution' })
  submit(@Body() dto: CreateApplicationDto, @Caller() caller: Principal): Promise<ApplicationView> {
    return this.sut.submit(dto, caller);
  }

  @Get()
  @Roles('applicant', 'staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '申报列表：搜索、筛选、排序、分页（申报机构只见本机构）/ applications: search, filters, sorting, pages; applicants see their own only' })
  @ApiOkResponse({
    description: '当前页的申报 / the rows of the page',
    headers: { [TOTAL_COUNT_HEADER]: { description: '符合条件的申报总数（全部页）/ the number of rows of the whole view', schema: { type: 'integer' } } },
  })
  async list(@Query() query: ListApplicationsQuery, @Caller() caller: Principal, @Res({ passthrough: true }) res: Response): Promise<ApplicationSummary[]> {
    const { rows, total } = await this.sut.list(query, caller);
    res.setHeader(TOTAL_COUNT_HEADER, String(total)).setHeader('Access-Control-Expose-Headers', TOTAL_COUNT_HEADER);
    return rows;
  }

  @Get(':id')
  @Roles('applicant', 'staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '查看申报及其流程状态 / an application with its workflow status' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<ApplicationView> {
    return this.sut.get(id, caller);
  }

  @Post(':id/materials')
  @Roles('applicant')
  @ApiOperation({ summary: '已上传所缺材料，请求重新核查（第十条）/ the requested files are uploaded: check again (Art. 10)' })
  supplement(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SupplementMaterialsDto,
    @Caller() caller: Principal,
  ): Promise<ApplicationView> {
    return this.sut.supplement(id, dto, caller);
  }

  @Post(':id/closure')
  @Roles('staff')
  @ApiOperation({ summary: '终止评审无法完成的申报（须写明理由，第十二条）/ close an application whose review cannot be completed, with a reason (Art. 12)' })
  close(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CloseApplicationDto, @Caller() caller: Principal): Promise<ApplicationView> {
    return this.sut.close(id, dto.reason.trim(), caller);
  }

  @Post(':id/site-visit')
  @Roles('staff')
  @ApiOperation({ summary: '录入现场考察（附件2核查表、服务对象测评）/ record the site visit (Annex 2 checklist, survey)' })
  siteVisit(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SiteVisitDto, @Caller() caller: Principal): Promise<ApplicationView> {
    return this.sut.recordSiteVisit(id, dto, caller);
  }
}
