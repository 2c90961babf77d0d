import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles, WhileInstitutionPending } from '@sme/auth';
import type { EvidenceFileEntity } from '@sme/persistence';
import { IsIn } from 'class-validator';
import { EVIDENCE_KINDS, type EvidenceLimits, EvidenceService, type UploadedEvidence } from './evidence.service';

export class UploadEvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS, description: '所支持的申报材料（第十条）/ the material it supports (Art. 10)' })
  @IsIn(EVIDENCE_KINDS)
  kind!: (typeof EVIDENCE_KINDS)[number];
}

const UPLOAD_SCHEMA = {
  type: 'object',
  required: ['file', 'kind'],
  properties: { file: { type: 'string', format: 'binary' }, kind: { type: 'string', enum: [...EVIDENCE_KINDS] } },
};

@ApiTags('evidence')
@Controller('api')
export class EvidenceController {
  constructor(private readonly sut: EvidenceService) {}

  @Post('applications/:id/evidence')
  @Roles('applicant')
  // Limits (EVIDENCE_MAX_BYTES) come from the MulterModule registration in the app module: past them, 413.
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiOperation({ summary: '补充证明材料：仅在要求补充材料或等待实地考察时（第十条）/ upload evidence while materials are requested or the site visit is awaited (Art. 10)' })
  upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UploadEvidenceDto,
    @UploadedFile() file: UploadedEvidence | undefined,
    @Caller() caller: Principal,
  ): Promise<EvidenceFileEntity> {
    return this.sut.upload(id, dto.kind, file, caller);
  }

  @Post('drafts/:id/evidence')
  @WhileInstitutionPending()
  @Roles('applicant')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA })
  @ApiOperation({ summary: '上传申报材料至草稿，随草稿提交（第十条）/ upload a material to the draft; it is submitted with it (Art. 10)' })
  uploadToDraft(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UploadEvidenceDto,
    @UploadedFile() file: UploadedEvidence | undefined,
    @Caller() caller: Principal,
  ): Promise<EvidenceFileEntity> {
    return this.sut.uploadToDraft(id, dto.kind, file, caller);
  }

  @Get('drafts/:id/evidence')
  @WhileInstitutionPending()
  @Roles('applicant')
  @ApiOperation({ summary: '草稿的申报材料 / the files of a draft' })
  listDraft(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal): Promise<EvidenceFileEntity[]> {
    return this.sut.listDraft(id, caller);
  }

  @Get('applications/:id/evidence')
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'expert')
  @ApiHeader({ name: 'x-evidence-grant', required: false, description: '专家须附评审服务签发的查阅凭证 / experts send the grant from GET :3002/api/assignments/<id>/evidence-grant' })
  @ApiOperation({ summary: '申报的证明材料 / the evidence of an application' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal, @Headers('x-evidence-grant') grant?: string): Promise<EvidenceFileEntity[]> {
    return this.sut.list(id, caller, grant);
  }

  // Declared before `evidence/:id`, which would otherwise take "limits" for an id.
  @Get('evidence/limits')
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'expert')
  @ApiOperation({ summary: '上传限制：单个文件大小、文件类型、每份申报的配额 / upload limits: file size, types and the quota per application' })
  limits(): EvidenceLimits {
    return this.sut.limits();
  }

  @Get('evidence/:id')
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'expert')
  @ApiHeader({ name: 'x-evidence-grant', required: false, description: '专家的查阅凭证 / an expert\'s evidence grant' })
  @ApiOperation({ summary: '下载证明材料（校验权限与完整性）/ download evidence (rights and integrity checked)' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Caller() caller: Principal, @Headers('x-evidence-grant') grant?: string): Promise<StreamableFile> {
    const { meta, bytes } = await this.sut.download(id, caller, grant);
    return new StreamableFile(bytes, {
      type: meta.contentType,
      length: bytes.length,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
    });
  }
}
