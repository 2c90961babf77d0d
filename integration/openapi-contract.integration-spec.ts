import { DEV_USERS, type Role } from '@sme/auth';
import { WORKSPACE_ROOT } from '@sme/testing';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MATRIX, SESSION_ENDING, type Service } from './endpoints';
import { createAdmin, GOOD_PASSWORD, signIn } from './fixtures/accounts';
import { SystemUnderTest } from './harness';

/** Examples per operation and the seed: a failure is replayed with the same seed (SCHEMATHESIS_SEED). */
const MAX_EXAMPLES = Number(process.env['SCHEMATHESIS_EXAMPLES'] ?? 5);
const SEED = Number(process.env['SCHEMATHESIS_SEED'] ?? 20261203);
const REPORTS = join(WORKSPACE_ROOT, '.local/test-results/schemathesis');
/** Runs at once: Schemathesis mostly waits for the services. */
const LANES = 3;

type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', 'applicant', 'staff', 'bureau', 'expert', 'auditor', 'operator', 'admin'];

/**
 * The operations a caller may call on a service (the authorisation matrix): what Schemathesis tries as that caller.
 * Signing out would end the run's own session; those two are tried by the authorisation test.
 */
function operationsOf(service: Service, caller: Caller): string[] {
  return Object.entries(MATRIX[service])
    .filter(([endpoint]) => endpoint !== 'GET /metrics' && !SESSION_ENDING.has(endpoint))
    .filter(([, access]) => (access === 'public' ? caller === 'anonymous' : caller !== 'anonymous' && access.includes(caller)))
    .map(([endpoint]) => endpoint);
}

function st(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(WORKSPACE_ROOT, '.local/venv/bin/st'), args, { env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', SCHEMATHESIS_HOOKS: 'hooks', PYTHONPATH: join(__dirname, 'schemathesis') } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** The unique failures a run found (0 when it passed), and its failures by check. */
function failuresOf(output: string): { count: number; byCheck: string[] } {
  const count = Number(/(\d+) unique failures?/.exec(output)?.[1] ?? 0);
  const byCheck = output.split('\n').filter((l) => /^\s+❌ ST\d+/.test(l)).map((l) => l.trim().replace(/^❌ /, ''));
  return { count, byCheck };
}

/**
 * Schemathesis (`--checks all`, pinned in .local/venv by infra/up.sh) against each service's OpenAPI document, once
 * per caller that has operations there, signed in as that caller's account and trying only the operations it may
 * call: what an integrator generating a client from the documents would find. Reports are kept under
 * .local/test-results/schemathesis (JUnit), the seed is fixed so a failure replays.
 */
describe('the OpenAPI documents against the services: Schemathesis on every service, for every caller', () => {
  let sut: SystemUnderTest;
  const results = new Map<string, Promise<{ code: number; output: string }>>();
  const base = (s: Service) => ({ applications: sut.applicationsUrl, scoring: sut.scoringUrl, notifications: sut.notificationsUrl })[s];
  const runs = (Object.keys(MATRIX) as Service[]).flatMap((service) => CALLERS.map((caller) => ({ service, caller, ops: operationsOf(service, caller) }))).filter((r) => r.ops.length > 0);

  beforeAll(async () => {
    mkdirSync(REPORTS, { recursive: true });
    // A Temporal namespace of its own: the calls and evaluations Schemathesis starts (call-2026...) would otherwise be
    // the other test files' workflows.
    sut = await SystemUnderTest.start('it_openapi_contract', { TEMPORAL_NAMESPACE: 'sme-contract' });
    // Real accounts: the seeded development users, and an administrator from the one-time command.
    const tokens: Partial<Record<Caller, string>> = {};
    for (const u of DEV_USERS) tokens[u.role] = await signIn(sut, u.username, u.password);
    expect((await createAdmin(sut, ['--email', 'admin@xm.gov.cn', '--name', '接口测试管理员'], { ADMIN_PASSWORD: GOOD_PASSWORD })).code).toBe(0);
    tokens.admin = await signIn(sut, 'admin', GOOD_PASSWORD);
    // Started in lanes now; each test below reads its own run.
    const queue = [...runs];
    const lane = async (): Promise<void> => {
      for (let r = queue.shift(); r; r = queue.shift()) {
        const { service, caller, ops } = r;
        const token = caller === 'anonymous' ? null : tokens[caller];
        const run = st([
          '--config-file', join(__dirname, 'schemathesis', 'schemathesis.toml'),
          'run', `${base(service)}/docs/json`,
          '--checks', 'all',
          '--max-examples', String(MAX_EXAMPLES),
          '--seed', String(SEED),
          '--report', 'junit', '--report-junit-path', join(REPORTS, `${service}-${caller}.xml`),
          ...(token ? ['-H', `Authorization: Bearer ${token}`] : []),
          ...ops.flatMap((op) => ['--include-name', op]),
        ]);
        results.set(`${service}:${caller}`, run);
        await run;
      }
    };
    const lanes = Array.from({ length: LANES }, lane);
    void Promise.all(lanes);
  }, 180_000);
  afterAll(async () => {
    await Promise.all(results.values());
    await sut?.stop();
  });

  for (const { service, caller, ops } of runs) {
    const key = `${service}:${caller}`;
    it(`${key}: ${ops.length} operations, no failure`, async () => {
      let run = results.get(key);
      while (!run) {
        await new Promise((r) => setTimeout(r, 200));
        run = results.get(key);
      }
      const { code, output } = await run;
      const { count, byCheck } = failuresOf(output);
      if (count > 0) process.stderr.write(`\n===== ${key}: ${count} failures (replay with SCHEMATHESIS_SEED=${SEED}) =====\n${output.slice(-20_000)}\n`);
      // A run that could not test (no schema, a crash) fails too, with its output.
      expect(code === 0 || count > 0 ? 'ran' : output.slice(-2000)).toBe('ran');
      expect({ key, count, byCheck }).toEqual({ key, count: 0, byCheck: [] });
    }, 900_000);
  }
});
