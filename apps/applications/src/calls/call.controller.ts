import { ParseYearPipe } from '@sme/runtime';
import type { CapQuota } from './cap-quota';
import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Public, Roles } from '@sme/auth';
import type { CallEntity } from '@sme/persistence';
import { CallService } from './call.service';
import { UpsertCallDto } from './upsert-call.dto';

@ApiTags('calls')
@Controller('api/calls')
export class CallController {
  constructor(private readonly sut: CallService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '年度申报通知列表 / annual calls' })
  list(): Promise<CallEntity[]> {
    return this.sut.list();
  }

  @Get(':year/quota')
  @Roles('staff', 'bureau')
  @ApiOperation({ summary: '总量控制下本年度可认定的名额及其计算（第十九条）/ the titles the cap leaves for the year, and how they were counted (Art. 19)' })
  quota(@Param('year', new ParseYearPipe()) year: number): Promise<CapQuota> {
    return this.sut.quota(year);
  }

  @Post(':year/start')
  @Roles('staff')
  @ApiOperation({ summary: '启动年度申报流程 call-<year> / start the call workflow of a year (staff)' })
  start(@Param('year', new ParseYearPipe()) year: number, @Caller() caller: Principal): Promise<{ workflowId: string; started: boolean }> {
    return this.sut.start(year, caller.username);
  }

  @Put(':year')
  @Roles('staff')
  @ApiOperation({ summary: '设置年度申报通知 / create or update the call of a year' })
  upsert(@Param('year', new ParseYearPipe()) year: number, @Body() dto: UpsertCallDto, @Caller() caller: Principal): Promise<CallEntity> {
    return this.sut.upsert(year, dto, caller.username);
  }
}
