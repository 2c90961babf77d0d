// libs/persistence: TypeORM entities per schema, migrations, data source options.
export * from './applications/call.entity';
export * from './applications/application.entity';
export * from './applications/completeness-check.entity';
export * from './applications/outbox.entity';
export * from './applications/platform.entity';
export * from './applications/calendar.entity';
export * from './applications/annual-report.entity';
export * from './applications/evaluation.entity';
export * from './applications/evidence-file.entity';
export * from './applications/application-draft.entity';
export * from './notifications/notification.entity';
export * from './notifications/delivery.entity';
export * from './auth/user-account.entity';
export * from './scoring/scoring.entities';
export * from './data-source';
export * from './audit/audit-log';
export * from './decisions/decision-log';
