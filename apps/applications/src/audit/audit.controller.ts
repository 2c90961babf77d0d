import { Controller, Get, Header, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sme/auth';
import type { AuditEvent, AuditVerification } from '@sme/persistence';
import { shanghaiDate } from '@sme/policy';
import type { Response } from 'express';
import { AuditFilterQuery, AuditQuery, AuditSeqParam } from './audit.query';
import { type AuditEventDetail, AuditService } from './audit.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The audit trail (第十八条): read, exported and verified, never edited. */
@ApiTags('audit')
@Roles('auditor', 'bureau', 'operator')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @ApiOperation({ summary: '校验审计链：校验条数，或第一处断链的序号、时间与原因 / verify the hash chain: how many events, or the first broken link (number, time, why)' })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }

  @Get('events')
  @ApiOperation({ summary: '审计记录：按对象、操作人、操作、日期筛选，分页，从新到旧；总数在 X-Total-Count / audit events by entity, actor, action and date, paged, newest first; the total in X-Total-Count' })
  @ApiResponse({ status: 200, headers: { 'X-Total-Count': { description: '符合筛选的记录总数 / how many events the filters select', schema: { type: 'integer' } } } })
  async events(@Query() q: AuditQuery, @Res({ passthrough: true }) res: Response): Promise<AuditEvent[]> {
    const { events, total } = await this.audit.page(q);
    res.setHeader('X-Total-Count', String(total));
    return events;
  }

  @Get('events.xlsx')
  @Roles('auditor', 'bureau')
  @Header('Content-Type', XLSX)
  @ApiOperation({ summary: '导出审计记录（Excel，同一筛选，最多 50,000 条）/ export the filtered events (.xlsx, at most 50,000)' })
  async workbook(@Query() q: AuditFilterQuery): Promise<StreamableFile> {
    const name = `审计记录-${shanghaiDate(new Date())}.xlsx`;
    return new StreamableFile(await this.audit.workbook(q), { type: XLSX, disposition: `attachment; filename*=UTF-8''${encodeURIComponent(name)}` });
  }

  @Get('events/:seq')
  @Roles('auditor', 'bureau')
  @ApiOperation({ summary: '一条审计记录及同一对象的上一条（之前 / 之后）/ one event and the same entity\'s previous one (before / after)' })
  detail(@Param() p: AuditSeqParam): Promise<AuditEventDetail> {
    return this.audit.detail(p.seq);
  }

  @Get('facets')
  @Roles('auditor', 'bureau')
  @ApiOperation({ summary: '筛选项：已有的对象类型、操作与操作人 / the entity types, actions and actors the trail holds, for the filters' })
  facets(): Promise<{ entityTypes: string[]; actions: string[]; actors: string[] }> {
    return this.audit.facets();
  }
}
