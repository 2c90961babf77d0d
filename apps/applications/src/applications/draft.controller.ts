import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles, WhileInstitutionPending } from '@sme/auth';
import type { ApplicationDraftEntity } from '@sme/persistence';
import type { ApplicationView } from './application.service';
import { CreateDraftDto, SaveDraftDto } from './draft.dtos';
import { DraftService } from './draft.service';

/** Applications being written by an institution: saved as they are, checked in full when submitted. */
@ApiTags('applications')
@Roles('applicant')
// Drafts are the applicant's own preparation: open while its institution awaits verification (submitting is not).
@WhileInstitutionPending()
@Controller('api/drafts')
export class DraftController {
  constructor(private readonly sut: DraftService) {}

  @Post()
  @ApiOperation({ summary: '新建申报草稿 / start a draft' })
  create(@Body() dto: CreateDraftDto, @Caller() caller: Principal): Promise<ApplicationDraftEntity> {
    return this.sut.create(dto, caller);
  }

  @Get()
  @ApiOperation({ summary: '本机构的草稿 / the institution\'s drafts' })
  list(@Caller() caller: Principal): Promise<ApplicationDraftEntity[]> {
    return this.sut.list(caller);
  }

  @Get(':id')
  @ApiOperation({ summary: '一份草稿 / one draft' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<ApplicationDraftEntity> {
    return this.sut.get(id, caller);
  }

  @Put(':id')
  @ApiOperation({ summary: '保存草稿（须带所修改的版本）/ save a draft, naming the version edited' })
  save(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SaveDraftDto, @Caller() caller: Principal): Promise<ApplicationDraftEntity> {
    return this.sut.save(id, dto, caller);
  }

  @Post(':id/submit')
  @ApiOperation({ summary: '提交草稿（完整校验，只提交一次）/ submit the draft: checked in full, submitted once' })
  submit(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<ApplicationView> {
    return this.sut.submit(id, caller);
  }
}
