import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sme/auth';
import { type AuditEvent, auditEvents, type AuditVerification, verifyAudit } from '@sme/persistence';
import { DataSource } from 'typeorm';
import { AuditQuery } from './audit.query';

/** The audit trail (第十八条): read and verified, never edited. */
@ApiTags('audit')
@Roles('auditor', 'bureau', 'operator')
@Controller('api/audit')
export class AuditController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('verify')
  @ApiOperation({ summary: '校验审计链 / verify the hash chain, naming the first broken link' })
  verify(): Promise<AuditVerification> {
    return verifyAudit(this.dataSource);
  }

  @Get('events')
  @ApiOperation({ summary: '审计记录 / audit events, newest first' })
  events(@Query() q: AuditQuery): Promise<AuditEvent[]> {
    return auditEvents(this.dataSource, { entityType: q.entityType, entityId: q.entityId, limit: q.limit ?? 100 });
  }
}
