// Runs every service and the orchestrator in the foreground with prefixed logs, seeds a demo, prints the
// URLs, and stops them all cleanly on Ctrl-C. Infrastructure keeps running (`npm run infra:down` stops it).
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ports = {
  applications: Number(process.env.APPLICATIONS_PORT ?? 3001),
  scoring: Number(process.env.SCORING_PORT ?? 3002),
  notifications: Number(process.env.NOTIFICATIONS_PORT ?? 3003),
  // Health and readiness only: ready once its workflow worker runs and it consumes the events.
  orchestrator: Number(process.env.ORCHESTRATOR_PORT ?? 3004),
};
// The development mail sink is the SMTP relay unless SMTP_URL names another (README: email).
const mailHttp = Number(process.env.MAIL_SINK_HTTP_PORT ?? 1080);
const colours = { applications: 36, scoring: 35, notifications: 33, orchestrator: 32, 'mail-sink': 34, web: 37 };
const webPort = Number(process.env.WEB_PORT ?? 8080);
const children = new Map();
let stopping = false;

function run(name) {
  const main = name === 'web' ? 'dist/apps/web/server/main.js' : `dist/apps/${name}/src/main.js`;
  const child = spawn(process.execPath, [join(root, main)], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = `\x1b[${colours[name]}m[${name}]\x1b[0m `;
  let buffered = '';
  const forward = (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const line of lines) process.stdout.write(prefix + line + '\n');
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stdout.write(`${prefix}exited (${signal ?? code}); stopping the others\n`);
      void shutdown(1);
    } else if (children.size === 0) {
      process.stdout.write('\nall services stopped. Infrastructure is still running: `npm run infra:down` stops it.\n');
      process.exit(process.exitCode ?? 0);
    }
  });
  children.set(name, child);
}

async function waitReady(name, url, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!children.has(name)) throw new Error(`${name} exited before it was ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${name} not ready after ${ms / 1000}s (${url})`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  process.stdout.write('\nstopping services...\n');
  for (const child of children.values()) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code || 1);
  }, 20_000).unref();
  if (children.size === 0) process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const api = (name, path) => `http://127.0.0.1:${ports[name]}${path}`;

async function json(method, url, body, token) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(payload)}`);
  return payload;
}

/** Signs in as one of the seeded development users (README: sign-in table). */
async function signIn(username) {
  const res = await json('POST', api('applications', '/api/auth/sign-in'), { username, password: `${username}-dev` });
  return { token: res.accessToken, principal: res.principal };
}

/**
 * The demo institution's facts of Arts. 6-8 (part of every application), meeting each threshold: the check answers
 * eligible_pending_evidence, the rest waits for the evidence and the site visit. Served counts are for the two years
 * before the submission year, the years the service counts.
 */
function demoFacts(creditCode, year) {
  return {
    institution: { creditCode, legalPerson: true, type: 'sme_service_agency', establishedOn: '2020-03-01', totalAssetsYuan: '2000000', financesSound: true },
    performance: { localSmesServed: { [year - 2]: 90, [year - 1]: 120 }, satisfaction: 0.9 },
    capability: { partnerInstitutions: 5, fixedPremises: true },
    management: { freeOrLowFeeShare: 0.3 },
    staff: { servingSmes: 20, qualified: 18 },
    openness: { openToSmes: true, sharesResources: true },
    functions: { information: { onlineSystem: true, offlineEnterprisesServed: 100, activities: 6 } },
  };
}

/** The demo: this year's call (Asia/Shanghai), and one application of the seeded applicant waiting for a document. */
async function seed() {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
  const staff = await signIn('staff');
  const applicant = await signIn('applicant');
  await json('PUT', api('applications', `/api/calls/${year}`), {
    quota: 10,
    opensOn: `${year}-01-01`,
    closesOn: `${year}-12-31`,
    policyVersion: 'xiamen-2021-114',
  }, staff.token);
  // The year's call workflow (call-<year>), so that demo applications register with it; started once.
  const call = await json('POST', api('applications', `/api/calls/${year}/start`), undefined, staff.token);
  const creditCode = applicant.principal.institution;
  const existing = await json('GET', api('applications', '/api/applications'), undefined, applicant.token);
  if (existing.length > 0) return { year, call, application: existing[0], creditCode, applicant, created: false };
  // As the wizard applies (第十条: the files are the materials): a draft, the form and the introduction uploaded to
  // it, the supporting evidence left for the center to ask for, then the draft submitted.
  const draft = await json('POST', api('applications', '/api/drafts'), {
    callYear: year,
    content: {
      institutionName: applicant.principal.displayName,
      eligibilityFacts: demoFacts(creditCode, year),
      contact: { name: '演示联系人', email: 'demo@sme-platforms.local', mobile: '13800000000' },
    },
  }, applicant.token);
  for (const [kind, name] of [['applicationForm', '申请表（演示）.pdf'], ['platformIntroduction', '平台情况介绍（演示）.pdf']]) {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', new Blob([Buffer.from(`%PDF-1.4\n% ${name}\n%%EOF\n`)]), name);
    const res = await fetch(api('applications', `/api/drafts/${draft.id}/evidence`), { method: 'POST', body: form, headers: { authorization: `Bearer ${applicant.token}` } });
    if (!res.ok) throw new Error(`demo upload ${name}: ${res.status} ${await res.text()}`);
  }
  const application = await json('POST', api('applications', `/api/drafts/${draft.id}/submit`), undefined, applicant.token);
  return { year, call, application, creditCode, applicant, created: true };
}

for (const name of [...(process.env.SMTP_URL ? [] : ['mail-sink']), 'notifications', 'applications', 'scoring', 'orchestrator', 'web']) run(name);
try {
  await Promise.all(Object.keys(ports).map((name) => waitReady(name, api(name, '/api/ready'))));
  await waitReady('web', `http://127.0.0.1:${webPort}/`);
  if (children.has('mail-sink')) await waitReady('mail-sink', `http://127.0.0.1:${mailHttp}/messages`);
  const demo = await seed();
  const ui = process.env.TEMPORAL_UI_URL || 'http://127.0.0.1:8233';
  const id = demo.application.id;
  process.stdout.write(`
\x1b[1m厦门市中小企业公共服务示范平台 系统已启动 / the system is up\x1b[0m
  web (中文/English)  http://127.0.0.1:${webPort}/   sign in as applicant / staff / bureau / expert / auditor / operator (password <username>-dev)
  API (all)      http://127.0.0.1:${webPort}/api-docs   (one OpenAPI document: /api-docs/openapi.json; open data: ${`http://127.0.0.1:${webPort}/svc/applications/api/public/feed.atom`})
  applications   ${api('applications', '')}   OpenAPI ${api('applications', '/docs')}
  scoring        ${api('scoring', '')}   OpenAPI ${api('scoring', '/docs')}
  notifications  ${api('notifications', '')}   OpenAPI ${api('notifications', '/docs')}
  orchestrator   ${api('orchestrator', '/api/ready')}   (health and readiness only)
  mail (sink)    ${process.env.SMTP_URL ? `relay ${process.env.SMTP_URL}` : `http://127.0.0.1:${mailHttp}/messages   (SMTP 127.0.0.1:${process.env.MAIL_SINK_SMTP_PORT ?? 1025})`}
  Temporal UI    ${ui}/namespaces/${process.env.TEMPORAL_NAMESPACE ?? 'default'}/workflows
  Temporal       ${process.env.TEMPORAL_ADDRESS}   PostgreSQL ${String(process.env.DATABASE_URL).replace(/:[^:@/]+@/, ':***@')}   NATS ${process.env.NATS_URL}

demo: call ${demo.year} (workflow ${demo.call.workflowId}${demo.call.started ? ', started now' : ''}), application ${id} of ${demo.creditCode} (${demo.created ? 'new' : 'from an earlier start'}), waiting for its supporting evidence.
Accounts: no administrator is seeded; make the first one with  npm run admin:create -- --email <邮箱> --name <姓名>
  (it prints a set-password link; then invite people under 账号管理). Institutions register at /register.
Development users (password: <username>-dev; README): applicant staff bureau expert auditor operator. As the applicant:
  TOKEN=$(curl -s ${api('applications', '/api/auth/sign-in')} -H 'content-type: application/json' -d '{"username":"applicant","password":"applicant-dev"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
  curl ${api('applications', `/api/applications/${id}`)} -H "authorization: Bearer $TOKEN"
  curl -F kind=supportingEvidence -F file=@report.pdf ${api('applications', `/api/applications/${id}/evidence`)} -H "authorization: Bearer $TOKEN"
  curl -X POST ${api('applications', `/api/applications/${id}/materials`)} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '{}'
  curl ${api('notifications', '/api/notifications')} -H "authorization: Bearer $TOKEN"

Ctrl-C stops the services.
`);
} catch (err) {
  process.stderr.write(`start failed / 启动失败: ${err instanceof Error ? err.message : String(err)}\n`);
  await shutdown(1);
}
