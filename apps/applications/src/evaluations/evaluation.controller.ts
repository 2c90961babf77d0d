import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiProperty, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { annualEvaluationStatusQuery, type AnnualEvaluationStatus, submitEvaluationScoresUpdate, WorkflowIds } from '@sme/contracts';
import { checkCreditCode } from '@sme/policy';
import { ValidationProblem } from '@sme/runtime';
import { IsObject } from 'class-validator';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';

export class EvaluationScoresDto {
  @ApiProperty({
    example: { '91350200MA2Y0001XE': { outcome: 'pass', score: '86.50' } },
    description: '统一社会信用代码 -> 考核结果与得分（附件3）/ credit code -> outcome and score (Annex 3)',
  })
  @IsObject()
  results!: Record<string, { outcome: 'pass' | 'rectify' | 'revoke'; score: string }>;
}

const missing = (year: number) => ({ zh: `${year} 年度考核评价流程未启动`, en: `the ${year} evaluation workflow has not been started` });

/** The annual evaluation (第十九条, Annex 3): staff enter each platform's result; the workflow tells each platform. */
@ApiTags('evaluations')
@Controller('api/evaluations/:year')
export class EvaluationController {
  constructor(private readonly workflows: WorkflowGateway) {}

  @Get()
  @Roles('staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '年度考核评价流程状态 / the annual evaluation workflow' })
  status(@Param('year', new ParseIntPipe()) year: number): Promise<AnnualEvaluationStatus> {
    return this.workflows.query(WorkflowIds.annualEvaluation(year), annualEvaluationStatusQuery, missing(year));
  }

  @Post('scores')
  @Roles('staff')
  @ApiOperation({ summary: '录入考核结果 / enter the evaluation results' })
  scores(@Param('year', new ParseIntPipe()) year: number, @Body() dto: EvaluationScoresDto, @Caller() caller: Principal): Promise<AnnualEvaluationStatus> {
    const errors = Object.entries(dto.results).flatMap(([code, r]) => {
      const out: Array<{ field: string; reason: { zh: string; en: string } }> = [];
      if (!checkCreditCode(code).valid) out.push({ field: `results.${code}`, reason: { zh: '统一社会信用代码无效', en: 'not a valid credit code' } });
      if (typeof r !== 'object' || r === null || !['pass', 'rectify', 'revoke'].includes(r.outcome)) {
        out.push({ field: `results.${code}.outcome`, reason: { zh: '须为 pass、rectify 或 revoke', en: 'must be pass, rectify or revoke' } });
      }
      if (typeof r?.score !== 'string' || !/^\d{1,3}(\.\d{1,2})?$/.test(r.score)) {
        out.push({ field: `results.${code}.score`, reason: { zh: '得分须为最多两位小数的数字字符串', en: 'a decimal string with at most two places' } });
      }
      return out;
    });
    if (errors.length || Object.keys(dto.results).length === 0) {
      throw new ValidationProblem(errors.length ? errors : [{ field: 'results', reason: { zh: '至少录入一家', en: 'give at least one result' } }]);
    }
    return this.workflows.update(
      WorkflowIds.annualEvaluation(year),
      submitEvaluationScoresUpdate,
      [{ results: dto.results, by: caller.username }],
      { slug: 'evaluation-refused', what: { zh: '不能录入考核结果', en: 'the results cannot be entered' } },
      { actor: `user:${caller.username}`, action: 'evaluation.scored', entityType: 'evaluation', entityId: String(year), data: { results: dto.results } },
    );
  }
}
