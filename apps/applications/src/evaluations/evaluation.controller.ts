import { Body, Controller, Get, Header, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Public, Roles } from '@sme/auth';
import { annualEvaluationStatusQuery, type AnnualEvaluationStatus, submitEvaluationScoresUpdate, WorkflowIds } from '@sme/contracts';
import { checkCreditCode, INDICATOR_SETS } from '@sme/policy';
import { IsCreditCode, ParseYearPipe, SchemaRules, ValidationProblem } from '@sme/runtime';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { type EvaluationRow, EvaluationService, type EvaluationTable, type IndicatorSetView, indicatorSetView } from './evaluation.service';

/** A score out of 100 with at most two places, as a decimal string. */
const SCORE = /^\d{1,3}(\.\d{1,2})?$/;

export class EvaluationScoresDto {
  @ApiProperty({
    example: { '91350200MA2Y0001XE': { outcome: 'pass', score: '86.50' } },
    description: '统一社会信用代码 -> 考核结果与得分（附件3）/ credit code -> outcome and score (Annex 3)',
    minProperties: 1,
    additionalProperties: {
      type: 'object',
      required: ['outcome', 'score'],
      properties: { outcome: { type: 'string', enum: ['pass', 'rectify', 'revoke'] }, score: { type: 'string', pattern: SCORE.source } },
    },
  })
  @IsObject()
  results!: Record<string, { outcome: 'pass' | 'rectify' | 'revoke'; score: string }>;
}

export class EvaluationPlatformParam {
  @ApiProperty({ example: 2026 }) @Type(() => Number) @IsInt() @Min(2000) @Max(2200) year!: number;
  @ApiProperty({ example: '91350200MA2Y0001XE' }) @IsCreditCode() creditCode!: string;
}

export class AdjustmentDto {
  @ApiProperty({ example: 'satisfaction', description: '指标编号（见指标体系）/ the indicator id' })
  @IsString()
  @MaxLength(80)
  indicator!: string;

  @ApiProperty({ example: '85.00', description: '调整后的得分（0-100，最多两位小数）/ the points, 0-100' })
  @IsString()
  @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'points is a decimal string 0-100 with at most two places' })
  points!: string;

  @ApiProperty({ example: '经抽访复核，满意度为91%', description: '调整理由（必填，记入审计）/ why (required, audited)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

// A return names its reason (the ValidateIf below).
@SchemaRules({ oneOf: [{ properties: { decision: { enum: ['approve'] } } }, { properties: { decision: { enum: ['return'] } }, required: ['reason'] }] })
export class EvaluationDecisionDto {
  @ApiProperty({ enum: ['approve', 'return'], description: '审定通过（发布并通知各平台）或退回服务中心 / approve (published, platforms told) or return' })
  @IsIn(['approve', 'return'])
  decision!: 'approve' | 'return';

  @ApiPropertyOptional({ example: '请复核未报送年度报告平台的得分', description: '理由（退回时必填）/ the reason (required to return)' })
  @ValidateIf((o: EvaluationDecisionDto) => o.decision === 'return' || o.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason?: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const missing = (year: number) => ({ zh: `${year} 年度考核评价流程未启动`, en: `the ${year} evaluation workflow has not been started` });

/** The annual evaluation (第十九条, Annex 3): staff enter each platform's result; the workflow tells each platform. */
@ApiTags('evaluations')
@Controller('api/evaluations/:year')
export class EvaluationController {
  constructor(
    private readonly workflows: WorkflowGateway,
    private readonly evaluations: EvaluationService,
  ) {}

  @Get()
  @Roles('staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '年度考核评价流程状态 / the annual evaluation workflow' })
  status(@Param('year', new ParseYearPipe()) year: number): Promise<AnnualEvaluationStatus> {
    return this.workflows.query(WorkflowIds.annualEvaluation(year), annualEvaluationStatusQuery, missing(year));
  }

  @Post('scores')
  @Roles('staff')
  @ApiOperation({ summary: '录入考核结果 / enter the evaluation results' })
  scores(@Param('year', new ParseYearPipe()) year: number, @Body() dto: EvaluationScoresDto, @Caller() caller: Principal): Promise<AnnualEvaluationStatus> {
    // What the schema says (400), then the credit codes it cannot check (422).
    const errors = Object.entries(dto.results).flatMap(([code, r]) => {
      const out: Array<{ field: string; reason: { zh: string; en: string } }> = [];
      if (typeof r !== 'object' || r === null || !['pass', 'rectify', 'revoke'].includes(r.outcome)) {
        out.push({ field: `results.${code}.outcome`, reason: { zh: '须为 pass、rectify 或 revoke', en: 'must be pass, rectify or revoke' } });
      }
      if (typeof r?.score !== 'string' || !SCORE.test(r.score)) {
        out.push({ field: `results.${code}.score`, reason: { zh: '得分须为最多两位小数的数字字符串', en: 'a decimal string with at most two places' } });
      }
      return out;
    });
    if (errors.length || Object.keys(dto.results).length === 0) {
      throw new ValidationProblem(errors.length ? errors : [{ field: 'results', reason: { zh: '至少录入一家', en: 'give at least one result' } }]);
    }
    const codes = Object.keys(dto.results).filter((code) => !checkCreditCode(code).valid);
    if (codes.length) throw new ValidationProblem(codes.map((code) => ({ field: `results.${code}`, reason: { zh: '统一社会信用代码无效', en: 'not a valid credit code' } })), 422);
    return this.workflows.update(
      WorkflowIds.annualEvaluation(year),
      submitEvaluationScoresUpdate,
      [{ results: dto.results, by: caller.username }],
      { slug: 'evaluation-refused', what: { zh: '不能录入考核结果', en: 'the results cannot be entered' } },
      { actor: `user:${caller.username}`, action: 'evaluation.scored', entityType: 'evaluation', entityId: String(year), data: { results: dto.results } },
    );
  }

  @Post('start')
  @Roles('staff')
  @ApiOperation({ summary: '启动年度考核评价（每年1月10日自动启动；未启动时由服务中心启动）/ start the evaluation when its Schedule did not' })
  start(@Param('year', new ParseYearPipe()) year: number, @Caller() caller: Principal): Promise<{ workflowId: string; started: boolean }> {
    return this.evaluations.start(year, caller.username);
  }

  @Get('results')
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '考核评价结果表：各指标得分、调整、总分、排名、结论 / the results: indicators, adjustments, totals, ranks, outcomes' })
  results(@Param('year', new ParseYearPipe()) year: number): Promise<EvaluationTable> {
    return this.evaluations.table(year);
  }

  @Get('results.xlsx')
  @Roles('staff', 'bureau', 'auditor')
  @Header('Content-Type', XLSX)
  @ApiOperation({ summary: '导出考核评价结果（Excel）/ export the results (.xlsx)' })
  async workbook(@Param('year', new ParseYearPipe()) year: number): Promise<StreamableFile> {
    return new StreamableFile(await this.evaluations.workbook(year), { disposition: `attachment; filename*=UTF-8''${encodeURIComponent(`${year}年度考核评价结果.xlsx`)}` });
  }

  @Post('platforms/:creditCode/adjustments')
  @Roles('staff')
  @HttpCode(200)
  @ApiOperation({ summary: '调整某平台某项指标得分（须写明理由，记入审计）/ adjust an indicator (reason required, audited)' })
  adjust(@Param() p: EvaluationPlatformParam, @Body() dto: AdjustmentDto, @Caller() caller: Principal): Promise<EvaluationRow> {
    return this.evaluations.adjust(p.year, p.creditCode, dto, caller);
  }

  @Post('submission')
  @Roles('staff')
  @HttpCode(200)
  @ApiOperation({ summary: '考核结果报市工信局审定 / send the results to the bureau' })
  submit(@Param('year', new ParseYearPipe()) year: number, @Caller() caller: Principal): Promise<AnnualEvaluationStatus> {
    return this.evaluations.submit(year, caller);
  }

  @Post('decision')
  @Roles('bureau')
  @HttpCode(200)
  @ApiOperation({ summary: '市工信局审定考核结果：通过（发布）或退回 / the bureau approves (publishes) or returns the results' })
  decide(@Param('year', new ParseYearPipe()) year: number, @Body() dto: EvaluationDecisionDto, @Caller() caller: Principal): Promise<AnnualEvaluationStatus> {
    return this.evaluations.decide(year, dto, caller);
  }

  @Get('candidates')
  @Roles('staff', 'bureau')
  @ApiOperation({ summary: '考核优秀的示范平台：向上推荐的默认候选（第十六条）/ 优秀 platforms: default candidates for recommendation (Art. 16)' })
  candidates(@Param('year', new ParseYearPipe()) year: number): Promise<EvaluationRow[]> {
    return this.evaluations.candidates(year);
  }
}

/** What anyone may read: the indicator sets (policy data) and the results once the bureau approved them. */
@ApiTags('public')
@Public()
@Controller('api')
export class PublicEvaluationController {
  constructor(private readonly evaluations: EvaluationService) {}

  @Get('indicator-sets')
  @ApiOperation({ summary: '年度考核评价指标体系（附件3；未录入正式文本前为暂行默认）/ the indicator sets (Annex 3; provisional until the official text is entered)' })
  sets(): IndicatorSetView[] {
    return INDICATOR_SETS.list().map(indicatorSetView);
  }

  @Get('public/evaluations/:year')
  @ApiOperation({ summary: '已发布的年度考核评价结果 / the published evaluation results' })
  published(@Param('year', new ParseYearPipe()) year: number) {
    return this.evaluations.published(year);
  }
}
