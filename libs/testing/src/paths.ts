import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The workspace root: the nearest folder above this file holding nx.json (from the sources or from dist/). */
export const WORKSPACE_ROOT = ((): string => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
  }
  throw new Error(`no nx.json above ${__dirname}`);
})();

/**
 * What infra/up.sh wrote, overridden by the environment: the binaries (.local/binaries.env, written even when nothing
 * is started, as `scripts/setup.sh --no-services` does for the benchmarks), then the running servers' addresses
 * (.local/env).
 */
export function infraEnv(): Record<string, string> {
  const fromFile: Record<string, string> = {};
  for (const file of ['.local/binaries.env', '.local/env'].map((f) => path.join(WORKSPACE_ROOT, f))) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) fromFile[m[1]!] = m[2]!;
    }
  }
  const pick = (k: string): string | undefined => process.env[k] ?? fromFile[k];
  const out: Record<string, string> = {};
  for (const k of ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'NATS_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_CLI', 'TEMPORAL_TEST_SERVER_PATH', 'TEMPORAL_SQLITE_PRAGMAS']) {
    const v = pick(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The pinned time-skipping test server installed by infra/up.sh; nothing is downloaded at run time. */
export function temporalTestServerPath(): string {
  const p = infraEnv()['TEMPORAL_TEST_SERVER_PATH'] ?? path.join(WORKSPACE_ROOT, '.local/venv/bin/temporal-test-server');
  if (!existsSync(p)) throw new Error(`temporal-test-server not found at ${p}: run \`npm run infra:up\` first`);
  return p;
}
