import { Body, Controller, Get, Ip, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttled } from '../accounts/throttling';
import { Caller, type Principal, Public, Roles } from '@sme/auth';
import type { Objection, PublicNotice, PublicNoticeStatus } from '@sme/contracts';
import { ConfirmNoticeEndDto, NoticeIdParam, ObjectionParams, RaiseObjectionDto, ResolveObjectionDto } from './notice.dtos';
import { NoticeService } from './notice.service';

@ApiTags('notices')
@Controller('api')
export class NoticeController {
  constructor(private readonly sut: NoticeService) {}

  @Get('public/notices')
  @Public()
  @ApiOperation({ summary: '公示栏：正在公示的名单及剩余工作日 / the notice board: open notices with working days left' })
  current(): Promise<PublicNotice[]> {
    return this.sut.current();
  }

  @Get('public/notices/:noticeId')
  @Public()
  @ApiOperation({ summary: '一则公示 / one notice' })
  one(@Param() p: NoticeIdParam): Promise<PublicNotice> {
    return this.sut.one(p.noticeId);
  }

  @Post('public/notices/:noticeId/objections')
  @Public()
  @Throttled('objection')
  @ApiOperation({ summary: '对公示对象提出异议（公示期内，实名）/ object to a candidate while the notice is open' })
  raise(@Param() p: NoticeIdParam, @Body() dto: RaiseObjectionDto, @Ip() ip: string, @Caller() caller?: Principal): Promise<Pick<Objection, 'id' | 'creditCode' | 'raisedAt'>> {
    return this.sut.raise(p.noticeId, dto, caller, ip);
  }

  @Get('notices/:noticeId')
  @Roles('staff', 'bureau', 'auditor')
  @ApiOperation({ summary: '公示详情（含异议）/ a notice with its objections in full' })
  full(@Param() p: NoticeIdParam): Promise<PublicNoticeStatus> {
    return this.sut.full(p.noticeId);
  }

  @Post('notices/:noticeId/end-confirmation')
  @Roles('staff')
  @ApiOperation({ summary: '确认暂定的公示结束日（该年度放假安排尚未录入时，第十三条）/ confirm a provisional end (the year\'s holidays not entered yet, Art. 13)' })
  confirmEnd(@Param() p: NoticeIdParam, @Body() dto: ConfirmNoticeEndDto, @Caller() caller: Principal): Promise<PublicNoticeStatus> {
    return this.sut.confirmEnd(p.noticeId, dto, caller);
  }

  @Post('notices/:noticeId/objections/:objectionId/resolution')
  @Roles('staff')
  @ApiOperation({ summary: '处理异议：成立或不成立 / resolve an objection: upheld or dismissed' })
  resolve(@Param() p: ObjectionParams, @Body() dto: ResolveObjectionDto, @Caller() caller: Principal): Promise<Objection> {
    return this.sut.resolve(p.noticeId, p.objectionId, dto, caller);
  }
}
