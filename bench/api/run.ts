/**
 * bench/api: load on a running applications service (`npm start` first) with autocannon, on loopback only:
 * the health endpoint (baseline), the public platform list, and application submission. Prints p50/p99 latency
 * and throughput for each, and each one's ratio to the health endpoint measured in the same run.
 *   node dist/bench/api/run.js [baseUrl=http://127.0.0.1:3001] [seconds=5]
 */
import autocannon from 'autocannon';

const base = process.argv[2] ?? 'http://127.0.0.1:3001';
const seconds = Number(process.argv[3] ?? 5);
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(base)) throw new Error('bench/api only targets this machine (loopback)');

interface Figures {
  name: string;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}

async function run(name: string, opts: Partial<autocannon.Options>): Promise<Figures> {
  const r = await autocannon({ url: base, connections: 10, duration: seconds, ...opts });
  return { name, p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx };
}

async function main(): Promise<void> {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  // The seeded development applicant (npm start seeds it; README): its token and its institution.
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'applicant', password: 'applicant-dev' }),
  });
  if (!signIn.ok) throw new Error(`sign-in as the development applicant failed: ${signIn.status}`);
  const { accessToken, principal } = (await signIn.json()) as { accessToken: string; principal: { institution: string } };
  const health = await run('GET /api/health', { url: `${base}/api/health` });
  const list = await run('GET /api/public/platforms', { url: `${base}/api/public/platforms` });
  const submit = await run('POST /api/applications', {
    url: `${base}/api/applications`,
    method: 'POST',
    connections: 4,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({
      creditCode: principal.institution,
      institutionName: '压测机构',
      callYear: year,
      // The facts of Arts. 6-8 are part of every application (validated on each request, as in real use).
      eligibilityFacts: {
        institution: { creditCode: principal.institution, legalPerson: true, type: 'sme_service_agency', establishedOn: '2020-03-01', totalAssetsYuan: '2000000', financesSound: true },
        performance: { localSmesServed: { [year - 2]: 90, [year - 1]: 120 }, satisfaction: 0.9 },
        capability: { partnerInstitutions: 5, fixedPremises: true },
        management: { freeOrLowFeeShare: 0.3 },
        staff: { servingSmes: 20, qualified: 18 },
        functions: { information: { onlineSystem: true, offlineEnterprisesServed: 100, activities: 6 } },
      },
    }),
  });
  const line = (f: Figures): string =>
    `  ${f.name.padEnd(28)} p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  ${f.rps.toFixed(0).padStart(6)} req/s` +
    (f === health ? '  (baseline)' : `  ratio to health: p99 x${(f.p99 / Math.max(1, health.p99)).toFixed(2)}, throughput x${(f.rps / health.rps).toFixed(2)}`) +
    (f.errors ? `  ${f.errors} errors` : '');
  process.stdout.write(`bench/api ${base}, ${seconds} s each\n${[health, list, submit].map(line).join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
