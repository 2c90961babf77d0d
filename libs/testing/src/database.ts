import { runMigrations } from '@sme/persistence';
import { Client } from 'pg';
import { infraEnv } from './paths';

/** A test database's URL for its owner (the migrations, and tests acting as the database administrator). */
export function ownerDatabaseUrl(name: string): string {
  const env = infraEnv();
  const url = new URL(env['MIGRATION_DATABASE_URL'] ?? env['DATABASE_URL']!);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates (or re-creates) a database for a test run on the infra server and migrates it as its owner; returns the URL
 * the services use (the runtime role of .local/env's DATABASE_URL, granted what the services may do).
 */
export async function createTestDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const env = infraEnv();
  const adminUrl = env['MIGRATION_DATABASE_URL'] ?? env['DATABASE_URL'];
  if (!adminUrl) throw new Error('DATABASE_URL unknown: run `npm run infra:up` first');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const runtime = new URL(env['DATABASE_URL'] ?? adminUrl);
  const ownerName = new URL(adminUrl).username;
  await runMigrations(ownerDatabaseUrl(name), runtime.username !== ownerName ? decodeURIComponent(runtime.username) : undefined);
  runtime.pathname = `/${name}`;
  return runtime.toString();
}
