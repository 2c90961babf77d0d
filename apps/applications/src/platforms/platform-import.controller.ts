import { Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Caller, type Principal, Roles } from '@sme/auth';
import type { PlatformImportStatus } from '@sme/contracts';
import { Matches } from 'class-validator';
import { type DryRun, type ImportStarted, PlatformImportService } from './platform-import.service';

export class ImportIdParam {
  @ApiProperty({ example: '3f1c0a9b2e4d5f60', description: '导入编号（文件摘要前 16 位）/ the import id' })
  @Matches(/^[0-9a-f]{16}$/, { message: 'importId is 16 hexadecimal characters' })
  importId!: string;
}

const SHEET = {
  type: 'object' as const,
  required: ['file'],
  properties: { file: { type: 'string' as const, format: 'binary', description: '.xlsx，列：统一社会信用代码、机构名称、认定日期、服务功能' } },
};

/** An import workbook: one file of at most 20 MiB, held in memory to be checked (zip-limits) before it is read. */
const IMPORT_UPLOAD = { limits: { fileSize: 20 * 1024 * 1024, files: 1, fields: 4, parts: 6 } };

@ApiTags('platforms')
@Controller('api/platform-imports')
export class PlatformImportController {
  constructor(private readonly sut: PlatformImportService) {}

  @Post('dry-run')
  @Roles('staff')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', IMPORT_UPLOAD))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: SHEET })
  @ApiOperation({ summary: '试运行导入：逐行报告错误，不导入 / dry run: every bad row by number and reason, nothing imported' })
  dryRun(@UploadedFile() file: { buffer: Buffer; size: number } | undefined): Promise<DryRun> {
    return this.sut.dryRun(file);
  }

  @Post()
  @Roles('staff')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file', IMPORT_UPLOAD))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: SHEET })
  @ApiOperation({ summary: '导入往年认定的示范平台（全部正确才导入；同一文件只导入一次）/ import earlier platforms (all rows good, once per file)' })
  run(@UploadedFile() file: { buffer: Buffer; size: number } | undefined, @Caller() caller: Principal): Promise<ImportStarted> {
    return this.sut.run(file, caller);
  }

  @Get(':importId')
  @Roles('staff', 'operator')
  @ApiOperation({ summary: '导入进度 / the progress of an import' })
  status(@Param() p: ImportIdParam): Promise<PlatformImportStatus> {
    return this.sut.status(p.importId);
  }
}
