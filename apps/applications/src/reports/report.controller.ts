import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Query, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Public, Roles } from '@sme/auth';
import type { PlatformStatus } from '@sme/contracts';
import type { UploadedEvidence } from '../evidence/evidence.service';
import { CreditCodeParam } from '../platforms/platform.dtos';
import { AnnualReportDto, PublicSummariesQuery, ReportFileParam, PublishSummaryDto, ReportYearParam, ReturnReportDto } from './report.dtos';
import { type FiledReport, type PublicReportSummary, type ReportForm, ReportService, type ServedListView } from './report.service';
import { servedListTemplate } from './served-list';

const FILE = { type: 'object' as const, required: ['file'], properties: { file: { type: 'string' as const, format: 'binary' } } };
/** One file of at most 20 MiB, held in memory to be checked and scanned before it is kept. */
const REPORT_UPLOAD = { defParamCharset: 'utf8', limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 2, parts: 4 } };
const GRANT = { name: 'x-evidence-grant', required: false, description: '专家须附评审服务签发的查阅凭证 / experts send the grant from GET :3002/api/evaluation-assignments/<id>/report-grant' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The annual report (第十五条): its form, files, filing, return for correction and public summary. */
@ApiTags('reports')
@Controller('api/platforms/:creditCode/reports')
export class ReportController {
  constructor(private readonly sut: ReportService) {}

  @Get()
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'expert')
  @ApiHeader(GRANT)
  @ApiOperation({ summary: '已报送的年度报告（专家须附查阅凭证，只见考核年度的报告）/ filed annual reports; an expert sends the report grant and sees the evaluated year' })
  list(@Param() p: CreditCodeParam, @Caller() caller: Principal, @Headers('x-evidence-grant') grant?: string): Promise<FiledReport[]> {
    return this.sut.reports(p.creditCode, caller, grant);
  }

  @Get('form')
  @Roles('applicant', 'staff', 'bureau')
  @ApiOperation({ summary: '年度报告表单：报告年度由系统确定（第十五条）/ the report form: its year is fixed by the system (Art. 15)' })
  form(@Param() p: CreditCodeParam, @Caller() caller: Principal): Promise<ReportForm> {
    return this.sut.form(p.creditCode, caller);
  }

  @Post('served-list')
  @Roles('applicant')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', REPORT_UPLOAD))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: FILE })
  @ApiOperation({ summary: '上传服务企业名单（.xlsx，逐行校验并按300号划型，第二十条）/ upload the served-enterprise list: each row checked and sized (Art. 20)' })
  servedList(@Param() p: CreditCodeParam, @UploadedFile() file: UploadedEvidence | undefined, @Caller() caller: Principal): Promise<ServedListView> {
    return this.sut.uploadServedList(p.creditCode, file, caller);
  }

  @Post('attachments')
  @Roles('applicant')
  @UseInterceptors(FileInterceptor('file', REPORT_UPLOAD))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: FILE })
  @ApiOperation({ summary: '上传年度报告附件（PDF、图片、Office 文件，最大 20 MiB）/ upload an attachment (at most 20 MiB)' })
  attachment(@Param() p: CreditCodeParam, @UploadedFile() file: UploadedEvidence | undefined, @Caller() caller: Principal) {
    return this.sut.uploadAttachment(p.creditCode, file, caller);
  }

  @Get('files/:fileId')
  @Roles('applicant', 'staff', 'bureau', 'auditor', 'expert')
  @ApiHeader(GRANT)
  @ApiOperation({ summary: '下载年度报告的文件 / download a report file' })
  async download(@Param() p: ReportFileParam, @Caller() caller: Principal, @Headers('x-evidence-grant') grant?: string): Promise<StreamableFile> {
    const { meta, bytes } = await this.sut.download(p.creditCode, p.fileId, caller, grant);
    return new StreamableFile(bytes, { type: meta.contentType, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}` });
  }

  @Post()
  @Roles('applicant')
  @ApiOperation({ summary: '报送年度报告（每年2月底前，第十五条）/ file the annual report (by the end of February, Art. 15)' })
  submit(@Param() p: CreditCodeParam, @Body() dto: AnnualReportDto, @Caller() caller: Principal): Promise<{ report: FiledReport; status: PlatformStatus }> {
    return this.sut.submit(p.creditCode, dto, caller);
  }

  @Post(':year/return')
  @Roles('staff')
  @HttpCode(200)
  @ApiOperation({ summary: '退回年度报告修改（写明理由）/ return a report for correction, with the reason' })
  returnReport(@Param() p: ReportYearParam, @Body() dto: ReturnReportDto, @Caller() caller: Principal): Promise<FiledReport> {
    return this.sut.returnReport(p.creditCode, p.year, dto, caller);
  }

  @Post(':year/publication')
  @Roles('bureau')
  @HttpCode(200)
  @ApiOperation({ summary: '对外发布年度报告摘要（视情对外发布，第十五条）/ publish the report\'s public summary (Art. 15)' })
  publish(@Param() p: ReportYearParam, @Body() dto: PublishSummaryDto, @Caller() caller: Principal): Promise<PublicReportSummary> {
    return this.sut.publish(p.creditCode, p.year, dto, caller);
  }
}

/** What anyone may read of the reports: the template and the summaries the bureau published. */
@ApiTags('reports')
@Public()
@Controller('api')
export class PublicReportController {
  constructor(private readonly sut: ReportService) {}

  @Get('reports/served-list-template.xlsx')
  @Header('Content-Type', XLSX)
  @Header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('服务企业名单模板.xlsx')}`)
  @ApiOperation({ summary: '服务企业名单模板 / the served-enterprise list template' })
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await servedListTemplate());
  }

  @Get('public/report-summaries')
  @ApiOperation({ summary: '市工信局发布的年度报告摘要 / report summaries the bureau published' })
  summaries(@Query() q: PublicSummariesQuery): Promise<PublicReportSummary[]> {
    return this.sut.publicSummaries(q.year);
  }
}
