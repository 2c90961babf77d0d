import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import { XLSX_TYPE, xlsxAttachment } from '../platforms/spreadsheet';
import { ApplicationService, MAX_EXPORT_ROWS } from './application.service';
import { applicationsWorkbook } from './applications.xlsx';
import { ApplicationFilterQuery } from './list-applications.query';

/**
 * The staff list's current view as an Excel workbook. Its own controller at `api`: `applications.xlsx` is a path of
 * its own, never an `:id` under `api/applications`.
 */
@ApiTags('applications')
@Controller('api')
export class ApplicationExportController {
  constructor(private readonly sut: ApplicationService) {}

  @Get('applications.xlsx')
  @Roles('staff', 'bureau', 'auditor')
  @ApiProduces(XLSX_TYPE)
  @Header('Content-Type', XLSX_TYPE)
  @ApiOperation({ summary: `导出申报列表当前筛选结果（Excel，最多 ${MAX_EXPORT_ROWS} 份）/ export the list's current view (.xlsx, at most ${MAX_EXPORT_ROWS} rows)` })
  async workbook(@Query() query: ApplicationFilterQuery, @Caller() caller: Principal): Promise<StreamableFile> {
    return new StreamableFile(await applicationsWorkbook(await this.sut.listForExport(query, caller)), { disposition: xlsxAttachment('申报列表.xlsx') });
  }
}
