import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { EvaluationAssignmentEntity } from '@sme/persistence';
import { ParseYearPipe } from '@sme/runtime';
import { DeclarationDto, ReplaceExpertDto } from '../panels/panel.dtos';
import { AssignEvaluationPanelDto, EvaluationScoreDto } from './evaluation-panel.dtos';
import { type PanelAssigned, EvaluationPanelService } from './evaluation-panel.service';

/** Experts in the annual evaluation (第十九条, 第九条), under the panels' conflict rules (第十二条). */
@ApiTags('evaluation panels')
@Controller('api')
export class EvaluationPanelController {
  constructor(private readonly sut: EvaluationPanelService) {}

  @Post('evaluations/:year/panel')
  @Roles('staff')
  @ApiOperation({ summary: '指派考核评分专家（逐个平台回避检查，第十二条）/ name the evaluation\'s experts; each platform gets those without a conflict (Art. 12)' })
  assign(@Param('year', ParseYearPipe) year: number, @Body() dto: AssignEvaluationPanelDto, @Caller() caller: Principal): Promise<PanelAssigned> {
    return this.sut.assign(year, dto, caller);
  }

  @Get('evaluations/:year/panel')
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '考核评分专家及其声明、评分 / the evaluation\'s experts, declarations and scores' })
  panel(@Param('year', ParseYearPipe) year: number): Promise<EvaluationAssignmentEntity[]> {
    return this.sut.panel(year);
  }

  @Get('evaluation-assignments')
  @Roles('expert')
  @ApiOperation({ summary: '本人的考核评分任务 / my evaluation assignments' })
  mine(@Caller() caller: Principal): Promise<EvaluationAssignmentEntity[]> {
    return this.sut.mine(caller);
  }

  @Post('evaluation-assignments/:id/declaration')
  @Roles('expert')
  @ApiOperation({ summary: '回避声明（查阅年度报告前）/ the conflict-of-interest declaration, before reading the report' })
  declare(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DeclarationDto, @Caller() caller: Principal): Promise<EvaluationAssignmentEntity> {
    return this.sut.declare(id, dto, caller);
  }

  @Post('evaluation-assignments/:id/replacement')
  @Roles('staff')
  @ApiOperation({ summary: '更换考核评分专家（回避或逾期未评）/ replace an expert who stood aside or has not scored' })
  replace(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReplaceExpertDto, @Caller() caller: Principal): Promise<EvaluationAssignmentEntity> {
    return this.sut.replace(id, dto, caller);
  }

  @Get('evaluation-assignments/:id/report-grant')
  @Roles('expert')
  @ApiOperation({ summary: '查阅年度报告的凭证（须先声明，10 分钟有效）/ a 10-minute grant to read the platform\'s report, after the declaration' })
  reportGrant(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal) {
    return this.sut.reportGrant(id, caller);
  }

  @Post('evaluation-assignments/:id/score')
  @Roles('expert')
  @ApiOperation({ summary: '提交定性指标评分（0-100）/ submit the score on the qualitative indicators (0-100)' })
  score(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: EvaluationScoreDto, @Caller() caller: Principal): Promise<EvaluationAssignmentEntity> {
    return this.sut.score(id, dto, caller);
  }
}
