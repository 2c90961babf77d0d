import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { annualCallStatusQuery, type AnnualCallStatus, extendCallDeadlineUpdate, internalReviewUpdate, submitCandidateListUpdate, WorkflowIds } from '@sme/contracts';
import { CallEntity } from '@sme/persistence';
import { ParseYearPipe } from '@sme/runtime';
import { WorkflowGateway } from '../lifecycle/workflow-gateway';
import { CandidateListDto, ExtendDeadlineDto, InternalReviewDto } from './call-decisions.dto';

const missing = (year: number) => ({ zh: `${year} 年度申报流程未启动`, en: `the ${year} call workflow has not been started` });

/** The call's decisions (第十条, 第十三条): each is an update the call workflow validates and answers. */
@ApiTags('calls')
@Controller('api/calls/:year')
export class CallDecisionsController {
  constructor(private readonly workflows: WorkflowGateway) {}

  @Get('status')
  @Roles('staff', 'bureau', 'auditor', 'operator')
  @ApiOperation({ summary: '年度申报流程状态（排名、内审、公示、授牌）/ the call workflow: ranking, review, notice, awards' })
  status(@Param('year', new ParseYearPipe()) year: number): Promise<AnnualCallStatus> {
    return this.workflows.query(WorkflowIds.annualCall(year), annualCallStatusQuery, missing(year));
  }

  @Post('deadline')
  @Roles('staff', 'bureau')
  @ApiOperation({ summary: '延长申报截止日期 / extend the submission deadline' })
  async extend(@Param('year', new ParseYearPipe()) year: number, @Body() dto: ExtendDeadlineDto, @Caller() caller: Principal): Promise<AnnualCallStatus> {
    const status = await this.workflows.update(
      WorkflowIds.annualCall(year),
      extendCallDeadlineUpdate,
      [{ closesOn: dto.closesOn, reason: dto.reason }],
      { slug: 'deadline-refused', what: { zh: '不能延期', en: 'the deadline cannot be extended' } },
      { actor: `user:${caller.username}`, action: 'call.deadline_extended', entityType: 'call', entityId: String(year), data: { ...dto } },
      // The extension the workflow accepted also opens submission until the new day (第十条), with its audit event.
      { record: async (m, decided) => void (await m.update(CallEntity, { year }, { closesOn: decided.closesOn })) },
    );
    return status;
  }

  @Post('candidate-list')
  @Roles('staff')
  @ApiOperation({ summary: '提交候选名单送内审 / submit the candidate list for internal review' })
  submitList(@Param('year', new ParseYearPipe()) year: number, @Body() dto: CandidateListDto, @Caller() caller: Principal): Promise<AnnualCallStatus> {
    const exclusions = (dto.exclude ?? []).map((e) => ({ creditCode: e.creditCode.trim().toUpperCase(), reason: e.reason.trim() }));
    const exclude = exclusions.map((e) => e.creditCode);
    return this.workflows.update(
      WorkflowIds.annualCall(year),
      submitCandidateListUpdate,
      [{ by: caller.username, exclude }],
      { slug: 'candidate-list-refused', what: { zh: '不能提交候选名单', en: 'the candidate list cannot be submitted' } },
      // The reasons are kept in the audit trail (第十八条): the workflow takes the codes.
      { actor: `user:${caller.username}`, action: 'call.candidate_list_submitted', entityType: 'call', entityId: String(year), data: { exclude, exclusions } },
    );
  }

  @Post('review')
  @Roles('bureau')
  @ApiOperation({ summary: '内部审核：通过、退回或不予通过（第十三条）/ internal review: approve, send back or reject (Art. 13)' })
  review(@Param('year', new ParseYearPipe()) year: number, @Body() dto: InternalReviewDto, @Caller() caller: Principal): Promise<AnnualCallStatus> {
    return this.workflows.update(
      WorkflowIds.annualCall(year),
      internalReviewUpdate,
      [{ decision: dto.decision, ...(dto.reason ? { reason: dto.reason } : {}), reviewer: caller.username }],
      { slug: 'review-refused', what: { zh: '不能作出内审决定', en: 'the review decision cannot be taken' } },
      { actor: `user:${caller.username}`, action: `call.review_${dto.decision}`, entityType: 'call', entityId: String(year), data: { ...dto } },
    );
  }
}
