import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { type ApplicationSummary, type ApplicationView, ApplicationService } from './application.service';
import { CreateApplicationDto } from './create-application.dto';
import { ListApplicationsQuery } from './list-applications.query';
import { SiteVisitDto } from './site-visit.dto';
import { SupplementMaterialsDto } from './supplement-materials.dto';
import { CloseApplicationDto } from './close-application.dto';

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
  @ApiOperation({ summary: '申报列表（最近 100 条；申报机构只见本机构）/ latest applications; applicants see their own only' })
  list(@Query() query: ListApplicationsQuery, @Caller() caller: Principal): Promise<ApplicationSummary[]> {
    return this.sut.list(query.creditCode, query.callYear, caller);
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
