import { loadConfig, loadMailSinkConfig, loadWebConfig, type ServiceName } from '@sme/runtime';
import { WORKSPACE_ROOT } from '@sme/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml, checked without a Docker engine (issue 12): it is valid under the Compose Specification's JSON
 * schema once its variables are interpolated as Compose does; it refuses to run while a secret is missing; every
 * process's environment passes that process's own configuration rules in the production profile (so a missing or
 * development secret is found here, not at three in the morning); every image and port is named; no secret is
 * written in the file.
 */
type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: Array<string | { name?: string; target?: number; published?: string; host_ip?: string }>;
  healthcheck?: { test?: string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
}

const raw = readFileSync(join(WORKSPACE_ROOT, 'docker-compose.yml'), 'utf8');
const example = readFileSync(join(WORKSPACE_ROOT, '.env.example'), 'utf8');

/** KEY=value lines of an env file (comments and blanks ignored; the value as written, empty allowed). */
function envFile(text: string): Env {
  return Object.fromEntries(
    text
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  );
}

/** Compose's interpolation: ${V}, ${V:-default}, ${V-default}, ${V:?error}, ${V?error}, and $$ for a literal $. */
function interpolate(text: string, env: Env): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(/\$\$|\$\{([A-Z_][A-Z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (whole, name: string | undefined, colon: string, op: string, arg: string) => {
    if (whole === '$$') return '$';
    const value = env[name!];
    const unset = value === undefined || (colon === ':' && value === '');
    if (op === '?' && unset) {
      missing.push(name!);
      return '';
    }
    if (op === '-' && unset) return arg;
    return value ?? '';
  });
  return { text: out, missing };
}

/** What the image sets for every process (the Dockerfile's ENV lines). */
function imageEnv(): Env {
  const dockerfile = readFileSync(join(WORKSPACE_ROOT, 'Dockerfile'), 'utf8');
  const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  return Object.fromEntries([...final.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1]!.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
}

const secrets = (): Env => ({
  AUTH_JWT_SECRET: 'a'.repeat(48),
  AUDIT_HMAC_KEY: 'b'.repeat(48),
  SME_DB_PASSWORD: 'c'.repeat(24),
  SME_APP_DB_PASSWORD: 'e'.repeat(24),
  POSTGRES_SUPERUSER_PASSWORD: 'd'.repeat(24),
});

function compose(env: Env): { services: Record<string, Service> } & Record<string, unknown> {
  const { text, missing } = interpolate(raw, env);
  if (missing.length) throw new Error(`missing: ${[...new Set(missing)].join(', ')}`);
  return parse(text, { merge: true }) as { services: Record<string, Service> };
}

describe('docker-compose.yml', () => {
  it('refuses to run while a secret of .env.example is left empty, naming each', () => {
    const { missing } = interpolate(raw, envFile(example));
    expect([...new Set(missing)].sort()).toEqual(['AUDIT_HMAC_KEY', 'AUTH_JWT_SECRET', 'POSTGRES_SUPERUSER_PASSWORD', 'SME_APP_DB_PASSWORD', 'SME_DB_PASSWORD']);
  });

  it('is valid under the Compose Specification once .env is filled in', () => {
    // The specification's schema as Docker Compose's own loader (compose-go) ships it: infra/compose-schema.sh.
    const version = /^COMPOSE_GO_VERSION=(.+)$/m.exec(readFileSync(join(WORKSPACE_ROOT, 'infra/versions.env'), 'utf8'))![1]!;
    const file = join(WORKSPACE_ROOT, `.local/tools/compose-spec-${version}.json`);
    if (!existsSync(file)) throw new Error(`no Compose schema at ${file}: run bash infra/compose-schema.sh (npm test does)`);
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('duration', /^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    const doc = compose({ ...envFile(example), ...secrets() });
    const ok = validate(doc);
    expect(ok ? [] : validate.errors).toEqual([]);
    // The check can fail: a misspelt key is refused.
    const misspelt = { ...doc, services: { ...doc.services, web: { ...doc.services['web'], enviroment: {} } } };
    expect(validate(misspelt)).toBe(false);
  });

  it('gives every process an environment its own configuration accepts, in the production profile', () => {
    const doc = compose({ ...envFile(example), ...secrets() });
    const checked: string[] = [];
    for (const [name, svc] of Object.entries(doc.services)) {
      const command = (svc.command ?? []).join(' ');
      const process = /dist\/apps\/([a-z-]+)\/(?:src|server)\/main\.js/.exec(command)?.[1] ?? (/dist\/(libs\/persistence|apps\/applications\/src\/accounts)\/.*cli/.test(command) ? 'applications' : null);
      if (!process) continue;
      const env: Env = { ...imageEnv(), ...Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])) };
      const load = () =>
        process === 'web' ? loadWebConfig(env) : process === 'mail-sink' ? loadMailSinkConfig(env) : loadConfig(process as ServiceName, env);
      expect([name, (() => { try { load(); return 'ok'; } catch (err) { return String(err); } })()]).toEqual([name, 'ok']);
      checked.push(name);
    }
    expect(checked.sort()).toEqual(['admin-bootstrap', 'applications', 'mail-sink', 'migrate', 'notifications', 'orchestrator', 'scoring', 'web']);
    // The production profile: no development users, and the development secret would be refused (checked above).
    expect(doc.services['applications']!.environment).toMatchObject({ NODE_ENV: 'production', SEED_DEV_USERS: 'false' });
    // The services connect as the runtime role; only the migrations as the owner.
    for (const [name, svc] of Object.entries(doc.services)) {
      const env = svc.environment ?? {};
      if (env['DATABASE_URL']) expect([name, String(env['DATABASE_URL'])]).toEqual([name, expect.stringMatching(/^postgres:\/\/sme_app:/)]);
      if (env['MIGRATION_DATABASE_URL']) expect(name).toBe('migrate');
    }
  });

  it('names every image and every port, publishes ports on loopback only, and has the gateway and the admin bootstrap', () => {
    const doc = compose({ ...envFile(example), ...secrets() });
    for (const [name, svc] of Object.entries(doc.services)) {
      expect([name, typeof svc.image]).toEqual([name, 'string']);
      expect([name, svc.image]).toEqual([name, expect.stringMatching(/^[a-z0-9./_-]+:[A-Za-z0-9._-]+$/)]); // a tag, never "latest" by default
      for (const port of svc.ports ?? []) {
        expect([name, typeof port === 'object' && port.name && port.host_ip === '127.0.0.1']).toEqual([name, true]);
      }
    }
    expect(doc.services['web']!.command).toEqual(['node', 'dist/apps/web/server/main.js']);
    expect(doc.services['admin-bootstrap']!.command).toEqual(expect.arrayContaining(['--if-none', '--email', 'admin@example.gov.cn']));
  });

  it('checks each long-running process on its own port and route, and starts the gateway once the services are ready', () => {
    const doc = compose({ ...envFile(example), ...secrets() });
    const probed: Record<string, string> = {};
    for (const [name, svc] of Object.entries(doc.services)) {
      const process = /dist\/apps\/(applications|scoring|notifications|orchestrator|web)\/(?:src|server)\/main\.js/.exec((svc.command ?? []).join(' '))?.[1];
      if (!process) continue;
      const env: Env = { ...imageEnv(), ...Object.fromEntries(Object.entries(svc.environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)])) };
      // The port the process itself will listen on, read by its own configuration.
      const port = process === 'web' ? loadWebConfig(env).port : loadConfig(process as ServiceName, env).port;
      probed[name] = /fetch\('(http:\/\/127\.0\.0\.1:\d+\/api\/[a-z]+)'\)/.exec((svc.healthcheck?.test ?? []).join(' '))?.[1] ?? 'none';
      expect([name, probed[name]]).toEqual([name, `http://127.0.0.1:${port}/api/${process === 'web' ? 'health' : 'ready'}`]);
    }
    expect(Object.keys(probed).sort()).toEqual(['applications', 'notifications', 'orchestrator', 'scoring', 'web']);
    expect(doc.services['web']!.depends_on).toEqual({
      applications: { condition: 'service_healthy' }, scoring: { condition: 'service_healthy' }, notifications: { condition: 'service_healthy' },
    });
  });

  it('writes no secret in the file: every password, secret and key comes from the environment file', () => {
    const literal = [...raw.matchAll(/^\s*([A-Z_]*(?:SECRET|PASSWORD|PWD|KEY)[A-Z_]*):\s*(.+)$/gm)].filter((m) => !m[2]!.includes('${'));
    expect(literal.map((m) => m[0].trim())).toEqual([]);
    expect(raw).not.toMatch(/postgres:\/\/[^:]+:(?!\$\{)[^@]+@/);
  });
});
