import { Body, Controller, Get, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, type Principal, Public, Roles, WhileInstitutionPending } from '@sme/auth';
import { CreditCodeParam } from '../platforms/platform.dtos';
import type { UploadedEvidence } from '../evidence/evidence.service';
import type { AccountView } from './account-admin.service';
import { InviteColleagueDto, RegisterInstitutionDto, RegistrationDecisionDto, RegistrationFilterDto } from './registration.dtos';
import { RegistrationService, type RegistrationView } from './registration.service';
import { Throttled } from './throttling';

const LICENCE_MAX_BYTES = 10 * 1024 * 1024;

@ApiTags('registrations')
@Controller('api')
export class RegistrationController {
  constructor(private readonly sut: RegistrationService) {}

  @Post('registrations')
  @Public()
  @Throttled('auth')
  @ApiOperation({ summary: '机构注册：信用代码、名称、联系人、手机、邮箱（链接确认）/ an institution registers (its email confirmed by a link)' })
  register(@Body() dto: RegisterInstitutionDto): ReturnType<RegistrationService['register']> {
    return this.sut.register(dto);
  }

  @Get('registrations/mine')
  @Roles('applicant')
  @WhileInstitutionPending()
  @ApiOperation({ summary: '本机构的注册与核验状态 / my institution\'s registration and its verification' })
  @ApiResponse({ status: 204, description: '本机构未经注册（如受邀加入）/ the institution never registered (it was invited, say)' })
  async mine(@Caller() caller: Principal, @Res({ passthrough: true }) res: Response): Promise<RegistrationView | undefined> {
    // No registration is said with 204 and no body: Nest would answer a null with 200 and an empty body, which no
    // JSON schema describes.
    const mine = await this.sut.mine(caller);
    if (!mine) res.status(204);
    return mine ?? undefined;
  }

  @Post('registrations/mine/licence')
  @Roles('applicant')
  @WhileInstitutionPending()
  // A licence is a scan or a PDF: 10 MiB, one file, held in memory to be sniffed, scanned and hashed.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: LICENCE_MAX_BYTES, files: 1, fields: 2, parts: 3 }, defParamCharset: 'utf8' }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: '上传营业执照（PDF 或图片）以供核验 / upload the business licence (PDF or image) for verification' })
  uploadLicence(@UploadedFile() file: UploadedEvidence | undefined, @Caller() caller: Principal): Promise<RegistrationView> {
    return this.sut.uploadLicence(caller, file);
  }

  @Get('registrations')
  @Roles('staff', 'auditor')
  @ApiOperation({ summary: '机构注册列表（待核验等）/ registrations (pending and decided)' })
  list(@Query() filter: RegistrationFilterDto): Promise<RegistrationView[]> {
    return this.sut.list(filter.status);
  }

  @Get('registrations/:creditCode/licence')
  @Roles('staff', 'auditor')
  @ApiOperation({ summary: '下载营业执照 / download the licence' })
  async licence(@Param() p: CreditCodeParam): Promise<StreamableFile> {
    const l = await this.sut.licence(p.creditCode);
    return new StreamableFile(l.bytes, { type: l.mediaType, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(l.fileName)}` });
  }

  @Post('registrations/:creditCode/decision')
  @Roles('staff')
  @ApiOperation({ summary: '核验机构注册：通过，或说明理由不予通过 / verify a registration, or refuse it with a reason' })
  decide(@Param() p: CreditCodeParam, @Body() dto: RegistrationDecisionDto, @Caller() caller: Principal): Promise<RegistrationView> {
    return this.sut.decide(p.creditCode, dto, caller);
  }

  @Get('institution/colleagues')
  @Roles('applicant')
  @ApiOperation({ summary: '本机构的账号 / my institution\'s accounts' })
  colleagues(@Caller() caller: Principal): Promise<AccountView[]> {
    return this.sut.colleagues(caller);
  }

  @Post('institution/colleagues')
  @Roles('applicant')
  @ApiOperation({ summary: '首位用户邀请同事（仅代表本机构）/ the first user invites a colleague (acting for this institution only)' })
  invite(@Body() dto: InviteColleagueDto, @Caller() caller: Principal): Promise<AccountView> {
    return this.sut.inviteColleague(dto, caller);
  }
}
