import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { PlatformListItem, PlatformStatus } from '@sme/contracts';
import { CreditCodeParam, RectificationDecisionDto, RectificationReportDto, LateReportDecisionDto, PlatformListQuery, RecommendationDto, RevocationDecisionDto, RevokeDto } from './platform.dtos';
import { PlatformService } from './platform.service';

@ApiTags('platforms')
@Controller('api/platforms')
export class PlatformListController {
  constructor(private readonly sut: PlatformService) {}

  @Get()
  @Roles('staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '示范平台及其状态（如年报逾期）/ platforms with their stage, e.g. report_late' })
  list(@Query() q: PlatformListQuery): Promise<PlatformListItem[]> {
    return this.sut.list(q.stage);
  }
}

@ApiTags('platforms')
@Controller('api/platforms/:creditCode')
export class PlatformController {
  constructor(private readonly sut: PlatformService) {}

  @Get()
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '示范平台状态：有效期、年报、考核 / a platform: validity, reports, evaluations' })
  status(@Param() p: CreditCodeParam, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.status(p.creditCode, caller);
  }

  @Post('revocation')
  @Roles('bureau')
  @ApiOperation({ summary: '撤销示范平台称号（第十七条）/ revoke the title (Art. 17)' })
  revoke(@Param() p: CreditCodeParam, @Body() dto: RevokeDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.revoke(p.creditCode, dto, caller);
  }

  @Post('revocation-decision')
  @Roles('bureau')
  @ApiOperation({ summary: '对撤销建议作出决定：采纳或不予采纳（第十七条）/ decide a proposal to revoke: accept or reject (Art. 17)' })
  decideRevocation(@Param() p: CreditCodeParam, @Body() dto: RevocationDecisionDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.decideRevocation(p.creditCode, dto, caller);
  }

  @Post('late-report-decision')
  @Roles('staff')
  @ApiOperation({ summary: '逾期年报处理：继续催报、免报或建议撤销（撤销由市工信局决定）/ a late report: keep chasing, excuse or propose revocation' })
  lateReport(@Param() p: CreditCodeParam, @Body() dto: LateReportDecisionDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.lateReport(p.creditCode, dto, caller);
  }

  @Post('recommendations')
  @Roles('bureau')
  @ApiOperation({ summary: '推荐申报省级、国家级示范平台（第十六条）/ recommend to province or nation (Art. 16)' })
  recommend(@Param() p: CreditCodeParam, @Body() dto: RecommendationDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.recommend(p.creditCode, dto, caller);
  }

  @Post('rectification')
  @Roles('applicant')
  @ApiOperation({ summary: '报送整改报告（年度考核结论为整改，第十九条）/ file the rectification report (Art. 19)' })
  fileRectification(@Param() p: CreditCodeParam, @Body() dto: RectificationReportDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.fileRectification(p.creditCode, dto, caller);
  }

  @Post('rectification-decision')
  @Roles('staff')
  @ApiOperation({ summary: '整改通过或提出撤销建议（撤销由市工信局决定）/ close a rectification or escalate it as a proposal to revoke' })
  decideRectification(@Param() p: CreditCodeParam, @Body() dto: RectificationDecisionDto, @Caller() caller: Principal): Promise<PlatformStatus> {
    return this.sut.decideRectification(p.creditCode, dto, caller);
  }
}
