import { runMigrations } from '@sme/persistence';
import { Client } from 'pg';
import { infraEnv } from './paths';

/** Creates (or re-creates) a database for a test run on the infra server and migrates it; returns its URL. */
export async function createTestDatabase(name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const adminUrl = infraEnv()['DATABASE_URL'];
  if (!adminUrl) throw new Error('DATABASE_URL unknown: run `npm run infra:up` first');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return url.toString();
}
