import { Body, Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { ParseYearPipe, Refuses } from '@sme/runtime';
import type { AssignmentEntity } from '@sme/persistence';
import { AssignPanelDto, DeclarationDto, RankingQuery, ReplaceExpertDto, SubmitScoreDto } from './panel.dtos';
import { type PanelScores, PanelService, type Ranking } from './panel.service';
import { rankingWorkbook, XLSX_TYPE } from './ranking.xlsx';

@ApiTags('panels')
@Controller('api')
export class PanelController {
  constructor(private readonly sut: PanelService) {}

  @Post('applications/:applicationId/panel')
  @Roles('staff')
  @ApiOperation({ summary: '指派评审专家（先做回避检查）/ assign the panel, after the conflict-of-interest check' })
  assign(
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() dto: AssignPanelDto,
    @Caller() caller: Principal,
  ): Promise<AssignmentEntity[]> {
    return this.sut.assign(applicationId, dto, caller);
  }

  @Get('applications/:applicationId/scores')
  @Roles('staff', 'bureau', 'auditor', 'expert')
  @ApiOperation({ summary: '评审组评分（专家须先提交本人评分）/ the panel\'s scores; an expert sees them after scoring' })
  scores(@Param('applicationId', new ParseUUIDPipe()) applicationId: string, @Caller() caller: Principal): Promise<PanelScores> {
    return this.sut.scores(applicationId, caller);
  }

  @Get('assignments')
  @Roles('staff', 'bureau', 'auditor', 'expert')
  @ApiOperation({ summary: '评审任务（专家只见本人的）/ assignments; an expert sees their own' })
  list(@Caller() caller: Principal): Promise<AssignmentEntity[]> {
    return this.sut.list(caller);
  }

  @Get('assignments/:id')
  @Roles('staff', 'bureau', 'auditor', 'expert')
  @ApiOperation({ summary: '评审任务 / one assignment' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<AssignmentEntity> {
    return this.sut.get(id, caller);
  }

  @Post('assignments/:id/declaration')
  @Roles('expert')
  @ApiOperation({ summary: '回避声明（查看材料前）/ the conflict-of-interest declaration, before seeing the application' })
  declare(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DeclarationDto, @Caller() caller: Principal): Promise<AssignmentEntity> {
    return this.sut.declare(id, dto, caller);
  }

  @Post('assignments/:id/replacement')
  @Roles('staff')
  @ApiOperation({ summary: '更换评审专家（回避或逾期未评）/ replace an expert who recused or has not scored (Art. 12)' })
  replace(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReplaceExpertDto, @Caller() caller: Principal): Promise<AssignmentEntity> {
    return this.sut.replace(id, dto, caller);
  }

  @Get('assignments/:id/application')
  @Roles('expert', 'staff')
  @ApiOperation({ summary: '待评申报及评分细则（须先声明）/ the application under review and the rubric, after the declaration' })
  application(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal) {
    return this.sut.application(id, caller);
  }

  @Get('assignments/:id/evidence-grant')
  @Roles('expert')
  @ApiOperation({ summary: '查阅证明材料的凭证（须先声明，10 分钟有效）/ a 10-minute grant to read the evidence, after the declaration' })
  evidenceGrant(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal) {
    return this.sut.evidenceGrant(id, caller);
  }

  @Post('assignments/:id/score')
  @Roles('expert')
  @ApiOperation({ summary: '提交评分（按评分细则）/ submit one\'s rubric scores' })
  score(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SubmitScoreDto, @Caller() caller: Principal) {
    return this.sut.submitScore(id, dto, caller);
  }

  @Get('calls/:year/ranking')
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '候选排名及名额线 / candidates ranked by panel score with the quota line' })
  @Refuses(409, '申报流程未运行时须指定名额（第四条）/ the call workflow is not running: give the quota (Art. 4)', ['no-quota'])
  ranking(@Param('year', new ParseYearPipe()) year: number, @Query() q: RankingQuery): Promise<Ranking> {
    return this.sut.ranking(year, q.quota);
  }

  @Get('calls/:year/ranking.xlsx')
  @Roles('staff', 'bureau', 'auditor')
  @ApiProduces(XLSX_TYPE)
  @Header('content-type', XLSX_TYPE)
  @ApiOperation({ summary: '导出候选名单 .xlsx / export the candidate list as an .xlsx workbook' })
  @Refuses(409, '申报流程未运行时须指定名额（第四条）/ the call workflow is not running: give the quota (Art. 4)', ['no-quota'])
  async rankingXlsx(@Param('year', new ParseYearPipe()) year: number, @Query() q: RankingQuery): Promise<StreamableFile> {
    const file = await rankingWorkbook(await this.sut.ranking(year, q.quota));
    return new StreamableFile(file, { type: XLSX_TYPE, disposition: `attachment; filename="ranking-${year}.xlsx"` });
  }
}
