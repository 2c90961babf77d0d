import { loadConfig } from '@sme/runtime';
import { runMigrations } from '../data-source';

/**
 * `npm run migrate`: applies pending migrations as the owner (MIGRATION_DATABASE_URL, or DATABASE_URL), then gives the
 * services' role (DATABASE_URL's user, when it is another) what it may do.
 */
async function main(): Promise<void> {
  const config = loadConfig('applications');
  const runtime = decodeURIComponent(new URL(config.databaseUrl).username);
  const owner = decodeURIComponent(new URL(config.migrationDatabaseUrl).username);
  const applied = await runMigrations(config.migrationDatabaseUrl, runtime && runtime !== owner ? runtime : undefined);
  process.stdout.write(applied.length ? `migrations applied: ${applied.join(', ')}\n` : 'migrations: up to date\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed / 数据库迁移失败: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
