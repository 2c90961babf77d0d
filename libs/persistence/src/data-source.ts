import { DataSource, type DataSourceOptions, type MixedList } from 'typeorm';
import { ApplicationEntity } from './applications/application.entity';
import { CallEntity } from './applications/call.entity';
import { CompletenessCheckEntity } from './applications/completeness-check.entity';
import { ApplicationsOutboxEntity } from './applications/outbox.entity';
import { Skeleton1764230400000 } from './migrations/1764230400000-Skeleton';
import { Lifecycle1764300000000 } from './migrations/1764300000000-Lifecycle';
import { CalendarOverrides1764310000000 } from './migrations/1764310000000-CalendarOverrides';
import { AuditTrail1764320000000 } from './migrations/1764320000000-AuditTrail';
import { Auth1764330000000 } from './migrations/1764330000000-Auth';
import { AccountMailEntity, InstitutionEntity, OneTimeTokenEntity, SessionEntity, UserAccountEntity } from './auth/user-account.entity';
import { Scoring1764340000000 } from './migrations/1764340000000-Scoring';
import { AnnualReports1764350000000 } from './migrations/1764350000000-AnnualReports';
import { AnnualReportEntity, AnnualReportRevisionEntity, ReportFileEntity } from './applications/annual-report.entity';
import { Evidence1764360000000 } from './migrations/1764360000000-Evidence';
import { EvidenceFileEntity } from './applications/evidence-file.entity';
import { PlatformFunctions1764370000000 } from './migrations/1764370000000-PlatformFunctions';
import { Deliveries1764380000000 } from './migrations/1764380000000-Deliveries';
import { ApplicationContact1764380000001 } from './migrations/1764380000001-ApplicationContact';
import { ApplicationDrafts1764390000000 } from './migrations/1764390000000-ApplicationDrafts';
import { PeopleAndTitles1764400000000 } from './migrations/1764400000000-PeopleAndTitles';
import { DraftEvidence1764410000000 } from './migrations/1764410000000-DraftEvidence';
import { DecisionLog1764420000000 } from './migrations/1764420000000-DecisionLog';
import { ExpertReplacement1764430000000 } from './migrations/1764430000000-ExpertReplacement';
import { ApplicationMaterialsLive1764450000000 } from './migrations/1764450000000-ApplicationMaterialsLive';
import { Accounts1764460000000 } from './migrations/1764460000000-Accounts';
import { AuditSeal1764470000000 } from './migrations/1764470000000-AuditSeal';
import { OidcSignIn1764480000000 } from './migrations/1764480000000-OidcSignIn';
import { ObjectionRecords1764490000000 } from './migrations/1764490000000-ObjectionRecords';
import { ReportsForEvaluation1764500000000 } from './migrations/1764500000000-ReportsForEvaluation';
import { Evaluations1764510000000 } from './migrations/1764510000000-Evaluations';
import { EvaluationPanels1764520000000 } from './migrations/1764520000000-EvaluationPanels';
import { ReportChases1764530000000 } from './migrations/1764530000000-ReportChases';
import { InboxReadMarks1764560000000 } from './migrations/1764560000000-InboxReadMarks';
import { PublicNotices1764570000000 } from './migrations/1764570000000-PublicNotices';
import { NoticeDigests1764580000000 } from './migrations/1764580000000-NoticeDigests';
import { RegisterVersion1764590000000 } from './migrations/1764590000000-RegisterVersion';
import { PublicNoticeEntity } from './applications/public-notice.entity';
import { EvaluationEntity, EvaluationResultEntity } from './applications/evaluation.entity';
import { DeliveryParking1764440000000 } from './migrations/1764440000000-DeliveryParking';
import { ApplicationDraftEntity } from './applications/application-draft.entity';
import { ContactEntity, DeliveryEntity } from './notifications/delivery.entity';
import { AssignmentEntity, EvaluationAssignmentEntity, ExpertEntity, ScoreEntity } from './scoring/scoring.entities';
import { CalendarDayEntity, CalendarYearEntity } from './applications/calendar.entity';
import { PlatformAwardEntity, PlatformEntity } from './applications/platform.entity';
import { NotificationEntity } from './notifications/notification.entity';

/** Entities per schema: a service registers only its own. */
export const APPLICATIONS_ENTITIES = [CallEntity, ApplicationEntity, CompletenessCheckEntity, ApplicationsOutboxEntity, PlatformEntity, PlatformAwardEntity, CalendarYearEntity, CalendarDayEntity, UserAccountEntity, SessionEntity, OneTimeTokenEntity, InstitutionEntity, AccountMailEntity, AnnualReportEntity, AnnualReportRevisionEntity, ReportFileEntity, EvaluationEntity, EvaluationResultEntity, EvidenceFileEntity, ApplicationDraftEntity, PublicNoticeEntity];
export const NOTIFICATIONS_ENTITIES = [NotificationEntity, ContactEntity, DeliveryEntity];
export const SCORING_ENTITIES = [ExpertEntity, AssignmentEntity, ScoreEntity, EvaluationAssignmentEntity];

/** Every migration, in order. Run by `npm run migrate` (never `synchronize`). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: MixedList<Function> = [Skeleton1764230400000, Lifecycle1764300000000, CalendarOverrides1764310000000, AuditTrail1764320000000, Auth1764330000000, Scoring1764340000000, AnnualReports1764350000000, Evidence1764360000000, PlatformFunctions1764370000000, Deliveries1764380000000, ApplicationContact1764380000001, ApplicationDrafts1764390000000, PeopleAndTitles1764400000000, DraftEvidence1764410000000, DecisionLog1764420000000, ExpertReplacement1764430000000, DeliveryParking1764440000000, ApplicationMaterialsLive1764450000000, Accounts1764460000000, AuditSeal1764470000000, OidcSignIn1764480000000, ObjectionRecords1764490000000, ReportsForEvaluation1764500000000, Evaluations1764510000000, EvaluationPanels1764520000000, ReportChases1764530000000, InboxReadMarks1764560000000, PublicNotices1764570000000, NoticeDigests1764580000000, RegisterVersion1764590000000];

export function dataSourceOptions(url: string, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    applicationName: 'sme-platforms',
  };
}

/**
 * Applies pending migrations to the database at `url` (as the owner of the schemas); returns their names. With
 * `runtimeRole`, the role the services connect as then gets what it needs, and no more (`grantRuntimeRole`).
 */
export async function runMigrations(url: string, runtimeRole?: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    if (runtimeRole) await grantRuntimeRole(ds, runtimeRole);
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * The services' database role: reads and writes the rows of every schema the owner made, but the audit trail only
 * gains rows (SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and not being the owner it cannot switch the guards
 * off), and it changes no table (no DDL). Run after every migration, so new tables are covered; idempotent.
 */
export async function grantRuntimeRole(ds: DataSource, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`not a role name: ${role}`);
  const [me] = (await ds.query('SELECT current_user AS me')) as Array<{ me: string }>;
  if (me!.me === role) return; // one role for both: nothing to separate (a database the deployment gave as is)
  const exists = (await ds.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])) as unknown[];
  if (!exists.length) throw new Error(`the runtime role ${role} does not exist: create it (LOGIN) or give the owner's URL as DATABASE_URL`);
  const schemas = ((await ds.query(`SELECT nspname FROM pg_namespace WHERE nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND nspname NOT LIKE 'pg_%'`)) as Array<{ nspname: string }>).map((r) => r.nspname);
  for (const schema of [...schemas, 'public']) {
    await ds.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
    await ds.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
    await ds.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
  }
  await ds.query(`REVOKE UPDATE, DELETE, TRUNCATE ON applications.audit_event FROM "${role}"`);
  await ds.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON public.typeorm_migrations FROM "${role}"`);
}
