import { loadConfig } from '@sme/runtime';
import { runMigrations } from '../data-source';

/** `npm run migrate`: applies pending migrations to DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig('applications');
  const applied = await runMigrations(config.databaseUrl);
  process.stdout.write(applied.length ? `migrations applied: ${applied.join(', ')}\n` : 'migrations: up to date\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed / 数据库迁移失败: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
