import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The tamper-evident audit trail (第十八条): its events and their verification. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
