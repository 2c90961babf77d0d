import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@sme/auth';
import type { PublicPlatform } from '@sme/contracts';
import { XLSX_TYPE, xlsxAttachment } from '../platforms/spreadsheet';
import { NOTICE_COLUMNS, type OpenNotice, OpenDataService, REGISTER_COLUMNS } from './open-data.service';

const CSV_TYPE = 'text/csv; charset=utf-8';
const ATOM_TYPE = 'application/atom+xml; charset=utf-8';
const attachment = (filename: string) => `attachment; filename="${filename}"`;

/**
 * Open data (第十三条, 第十八条: the notices and the register are public): downloads anyone may take and reuse, and an
 * Atom feed of notices and results. No sign-in; nothing about objectors or people.
 */
@ApiTags('open data')
@Public()
@Controller('api/public')
export class OpenDataController {
  constructor(private readonly sut: OpenDataService) {}

  @Get('platforms.json')
  @ApiOperation({ summary: '示范平台名录（全部，含撤销与失效）JSON / the whole register, revoked and lapsed titles included, as JSON' })
  @Header('Content-Disposition', attachment('platforms.json'))
  register(): Promise<PublicPlatform[]> {
    return this.sut.register();
  }

  @Get('platforms.csv')
  @ApiOperation({ summary: '示范平台名录 CSV（UTF-8，含 BOM）/ the whole register as CSV (UTF-8 with BOM)' })
  @ApiProduces(CSV_TYPE)
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } }, description: 'CSV' })
  @Header('Content-Type', CSV_TYPE)
  @Header('Content-Disposition', attachment('platforms.csv'))
  async registerCsv(): Promise<string> {
    return this.sut.csv(REGISTER_COLUMNS, await this.sut.register());
  }

  @Get('platforms.xlsx')
  @ApiOperation({ summary: '示范平台名录 Excel / the whole register as an .xlsx workbook' })
  @ApiProduces(XLSX_TYPE)
  @Header('Content-Type', XLSX_TYPE)
  async registerXlsx(): Promise<StreamableFile> {
    return new StreamableFile(await this.sut.workbook('示范平台名录', REGISTER_COLUMNS, await this.sut.register()), { disposition: xlsxAttachment('示范平台名录.xlsx') });
  }

  @Get('notices.json')
  @ApiOperation({ summary: '历次公示（第十三条）JSON：公示期、名单及结果 / every notice with its period, candidates and outcome, as JSON' })
  @Header('Content-Disposition', attachment('notices.json'))
  notices(): Promise<OpenNotice[]> {
    return this.sut.notices();
  }

  @Get('notices.csv')
  @ApiOperation({ summary: '历次公示 CSV（每行一个公示对象）/ every notice as CSV, a row per candidate' })
  @ApiProduces(CSV_TYPE)
  @ApiOkResponse({ content: { 'text/csv': { schema: { type: 'string' } } }, description: 'CSV' })
  @Header('Content-Type', CSV_TYPE)
  @Header('Content-Disposition', attachment('notices.csv'))
  async noticesCsv(): Promise<string> {
    return this.sut.csv(NOTICE_COLUMNS, this.sut.noticeRows(await this.sut.notices()));
  }

  @Get('notices.xlsx')
  @ApiOperation({ summary: '历次公示 Excel / every notice as an .xlsx workbook, a row per candidate' })
  @ApiProduces(XLSX_TYPE)
  @Header('Content-Type', XLSX_TYPE)
  async noticesXlsx(): Promise<StreamableFile> {
    return new StreamableFile(await this.sut.workbook('历次公示', NOTICE_COLUMNS, this.sut.noticeRows(await this.sut.notices())), { disposition: xlsxAttachment('历次公示.xlsx') });
  }

  @Get('feed.atom')
  @ApiOperation({ summary: '公示与结果订阅（Atom）/ an Atom feed of notices and results (awards, revocations and lapses, evaluation results)' })
  @ApiProduces(ATOM_TYPE)
  @ApiOkResponse({ content: { 'application/atom+xml': { schema: { type: 'string' } } }, description: 'Atom 1.0' })
  @Header('Content-Type', ATOM_TYPE)
  feed(): Promise<string> {
    return this.sut.feed();
  }
}
