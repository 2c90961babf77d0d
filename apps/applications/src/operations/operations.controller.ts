import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sme/auth';
import type { OperationsOverview } from '@sme/contracts';
import { shanghaiDate } from '@sme/policy';
import { OperationsQuery } from './operations.query';
import { OperationsService } from './operations.service';

/** What operators watch: running workflows, stuck activities, timers, the pipeline and report timeliness. */
@ApiTags('operations')
@Controller('api/operations')
export class OperationsController {
  constructor(private readonly sut: OperationsService) {}

  @Get('overview')
  @Roles('operator', 'bureau')
  @ApiOperation({
    summary: '运行监控：按阶段和年度的运行中流程、待执行活动、定时与提醒、申报流水线、年报按时率 / operations: running workflows by stage and year, pending activities, timers, the pipeline, on-time report rates',
  })
  overview(@Query() q: OperationsQuery): Promise<OperationsOverview> {
    return this.sut.overview(q.year ?? Number(shanghaiDate(new Date()).slice(0, 4)));
  }
}
