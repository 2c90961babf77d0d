import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Public, Roles } from '@sme/auth';
import { ParseDatePipe, ParseYearPipe } from '@sme/runtime';
import { NoticePeriodQuery, ReportDeadlineQuery } from './calendar-query.dto';
import { ClassifyEnterpriseDto } from './classify-enterprise.dto';
import { EligibilityCheckDto } from './eligibility-check.dto';
import { CalendarService } from './calendar.service';
import { PublishCalendarYearDto } from './publish-calendar-year.dto';
import { RulesService } from './rules.service';

@ApiTags('rules (public)')
/** The rules are public knowledge (self-check before applying); only staff publish calendar data. */
@Public()
@Controller('api')
export class RulesController {
  constructor(
    private readonly sut: RulesService,
    private readonly calendars: CalendarService,
  ) {}

  @Post('eligibility/check')
  @HttpCode(200)
  @ApiOperation({ summary: '申报条件自查（第六条至第八条）/ eligibility self-check, Arts. 6-8' })
  eligibility(@Body() dto: EligibilityCheckDto) {
    return this.sut.checkEligibility(dto);
  }

  @Post('enterprises/classify')
  @HttpCode(200)
  @ApiOperation({ summary: '企业划型（工信部联企业〔2011〕300号）/ enterprise size' })
  classify(@Body() dto: ClassifyEnterpriseDto) {
    return this.sut.classify(dto);
  }

  @Get('calendar/notice-period')
  @ApiOperation({ summary: '公示期（第十三条，工作日数及起算日按当日生效的政策版本）/ notice period under the policy version in force' })
  noticePeriod(@Query() q: NoticePeriodQuery) {
    return this.sut.noticePeriod(q.published, q.days);
  }

  @Get('calendar/report-deadline')
  @ApiOperation({ summary: '年度报告截止日（第十五条）/ annual report deadline' })
  reportDeadline(@Query() q: ReportDeadlineQuery) {
    return this.sut.reportDeadline(q.year);
  }

  @Get('calendar/years')
  @ApiOperation({ summary: '已发布放假安排的年份 / years with official data' })
  years() {
    return { years: this.sut.coveredYears() };
  }

  @Put('calendar/years/:year')
  @Roles('staff')
  @ApiOperation({ summary: '录入某年放假安排（国务院通知）/ enter a year\'s official working-day data (staff)' })
  publishYear(@Param('year', new ParseYearPipe()) year: number, @Body() dto: PublishCalendarYearDto, @Caller() caller: Principal) {
    return this.calendars.publishYear(year, dto, caller.username);
  }

  @Get('calendar/days/:date')
  @ApiOperation({ summary: '某日是否工作日 / is a date a working day' })
  day(@Param('date', new ParseDatePipe()) date: string) {
    return this.sut.day(date);
  }

  @Get('credit-codes/:code')
  @ApiOperation({ summary: '统一社会信用代码校验 / check a unified social credit code' })
  creditCode(@Param('code') code: string) {
    return this.sut.creditCode(code);
  }

  @Get('policies')
  @ApiOperation({ summary: '政策版本 / policy versions' })
  policies() {
    return this.sut.policiesList();
  }

  @Get('policies/:id')
  @ApiOperation({ summary: '政策版本详情 / one policy version' })
  policy(@Param('id') id: string) {
    return this.sut.policy(id);
  }
}
