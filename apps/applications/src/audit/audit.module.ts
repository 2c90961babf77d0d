import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The tamper-evident audit trail (第十八条): its events, their export and their verification. */
@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
