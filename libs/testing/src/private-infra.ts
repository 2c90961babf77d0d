import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { infraEnv } from './paths';
import { freePort, ManagedProcess, waitFor } from './processes';

/**
 * A PostgreSQL cluster of its own (initdb in a temporary folder, its own port), for a run that restarts the
 * database without touching the shared one (bench/chaos). Run as root, the server runs as the postgres user.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly bin: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const base = '/usr/lib/postgresql';
    const version = existsSync(base) ? readdirSync(base).sort((a, b) => Number(a) - Number(b)).pop() : undefined;
    if (!version) throw new Error('PostgreSQL server binaries are missing (npm run infra:up installs them)');
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sme-pg-'));
    const pg = new PrivatePostgres(await freePort(), dataDir, path.join(base, version, 'bin'));
    if (process.getuid?.() === 0) {
      const pw = execFileSync('id', ['-u', 'postgres']).toString().trim();
      chownSync(dataDir, Number(pw), Number(pw));
    }
    chmodSync(dataDir, 0o700);
    pg.run('initdb', ['-D', dataDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--auth=trust']);
    await pg.start();
    return pg;
  }

  /** As the postgres user when this process is root (the server refuses to run as root). */
  private run(tool: string, args: string[]): void {
    const cmd = path.join(this.bin, tool);
    if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' });
    else execFileSync(cmd, args, { stdio: 'ignore' });
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const opts = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dataDir} -c max_connections=300 -c fsync=off`;
    this.run('pg_ctl', ['-D', this.dataDir, '-l', path.join(this.dataDir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
  }

  /** `immediate` is a crash: no checkpoint, every connection cut. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }
}

/**
 * The dev server's SQLite settings (`--sqlite-pragma`): `TEMPORAL_SQLITE_PRAGMAS`, `name=value` pairs separated by
 * spaces or commas, from the environment or as infra/up.sh chose them for its own server (.local/binaries.env). Write-ahead
 * logging: with SQLite's default rollback journal the dev server wrote every page twice and synced each commit, and
 * was what limited bench/scale (3,000 platforms started in 262 s, 67 ms of server CPU each; with WAL 144 s and 42 ms). `synchronous=normal` keeps every
 * commit through a crash of the server process; an operating-system crash may lose the last ones (a dev server: a
 * deployment points at a Temporal cluster).
 */
export function sqlitePragmaFlags(): string[] {
  const pragmas = (infraEnv()['TEMPORAL_SQLITE_PRAGMAS'] ?? '').split(/[\s,]+/).filter(Boolean);
  return pragmas.flatMap((p) => ['--sqlite-pragma', p]);
}

/**
 * A Temporal dev server of its own (the pinned CLI from `npm run infra:up`, a SQLite file that survives its
 * restarts, the search attributes the workflows publish), for a run that restarts Temporal (bench/chaos).
 */
export class PrivateTemporal {
  private proc?: ManagedProcess;
  private constructor(
    readonly port: number,
    readonly namespace: string,
    private readonly dbFile: string,
  ) {}

  static async start(namespace: string): Promise<PrivateTemporal> {
    const t = new PrivateTemporal(await freePort(), namespace, path.join(mkdtempSync(path.join(os.tmpdir(), 'sme-temporal-')), 'temporal.db'));
    await t.start();
    return t;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const cli = infraEnv()['TEMPORAL_CLI'];
    if (!cli) throw new Error('TEMPORAL_CLI unknown: run `npm run infra:up` first');
    const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(this.port), '--headless', '--db-filename', this.dbFile,
      '--namespace', this.namespace, '--log-level', 'error', ...sqlitePragmaFlags(),
      '--dynamic-config-value', 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=2',
      ...['Stage=Keyword', 'CallYear=Int', 'CreditCode=Keyword'].flatMap((s) => ['--search-attribute', s])];
    this.proc = new ManagedProcess(`temporal-${this.port}`, cli, args, {}).start();
    await waitFor(`Temporal on ${this.address}`, async () => {
      if (!this.proc!.running) throw new Error('the Temporal dev server exited');
      try {
        execFileSync(cli, ['operator', 'namespace', 'describe', '--address', this.address, '--namespace', this.namespace], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    }, 90_000, 300);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.proc?.stop(signal);
  }
}
