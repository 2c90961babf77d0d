import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { HealthController, healthHandler, loadConfig, loadWebConfig, type ServiceName } from '@sme/runtime';
import { Testing } from 'cdk8s';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { buildApp, EXTERNAL_SERVICES, migrationJobName } from './charts';
import { BACKEND_DEFAULTS, MIGRATION, PROCESSES, SECRET_KEYS, SECRET_NAME, type SecretKey } from './processes';
import { DEFAULT_SETTINGS, type DeploySettings, withOverrides } from './settings';
import { PROCESS_SIZES } from './sizing';

/**
 * The manifests, synthesized in memory and checked against the code they deploy: each process's own configuration
 * (libs/runtime/src/config.ts) must accept the environment it gets in the production profile and read every variable
 * it is given; every variable it reads is given or left at its default for a stated reason; probes ask routes the
 * processes serve on the ports they listen on; secrets come only from the one Secret; every object is valid under the
 * Kubernetes schema (kubernetes-models' precompiled validators: nothing is fetched).
 */
const ROOT = join(__dirname, '../../..');

interface Probe {
  httpGet?: { path: string; port: number | string };
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ containerPort: number; name?: string }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; initContainers?: Container[]; volumes?: Array<{ name: string; secret?: unknown }> };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: {
    replicas?: number;
    selector?: Record<string, string> & { matchLabels?: Record<string, string> };
    template?: PodTemplate;
    type?: string;
    externalName?: string;
    ports?: Array<{ port: number; targetPort?: number | string }>;
    maxUnavailable?: number;
    rules?: Array<{ host?: string; http?: { paths: Array<{ path: string; backend: { service?: { name: string; port: { number?: number } } } }> } }>;
  };
}

/** Every object of every chart, in the order the charts are applied, with the chart each is in. */
function synth(settings: DeploySettings): Array<K8sObject & { chart: number }> {
  return buildApp(settings).charts.flatMap((chart, index) => (Testing.synth(chart) as K8sObject[]).map((o) => ({ ...o, chart: index })));
}

/** Single sign-on on, another image, no TLS secret, a storage class: the other branches of the settings. */
const OTHER_SETTINGS = withOverrides(DEFAULT_SETTINGS, {
  image: 'registry.example.gov.cn/sme/app:1.2.3',
  tlsSecretName: '',
  ingressClassName: 'nginx',
  evidence: { storageClassName: 'nfs-client' },
  oidc: { issuer: 'https://sso.example.gov.cn', clientId: 'sme-platforms', displayName: '统一身份认证' },
});
const VARIANTS: Array<[string, DeploySettings]> = [
  ['the default settings', DEFAULT_SETTINGS],
  ['single sign-on and another image', OTHER_SETTINGS],
];

const workloads = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
const containersOf = (o: K8sObject): Container[] => [...(o.spec!.template!.spec.initContainers ?? []), ...o.spec!.template!.spec.containers];
const podLabels = (o: K8sObject): Record<string, string> => o.spec!.template!.metadata?.labels ?? {};
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** What each key of the Secret would hold, good enough for the configuration's checks (never written anywhere). */
const PLACEHOLDERS: Record<SecretKey, string> = {
  DATABASE_URL: 'postgres://sme_app:placeholder@postgres:5432/sme',
  MIGRATION_DATABASE_URL: 'postgres://sme:placeholder@postgres:5432/sme',
  AUTH_JWT_SECRET: 'j'.repeat(48),
  AUDIT_HMAC_KEY: 'h'.repeat(48),
  SMTP_URL: 'smtps://mailer:placeholder@smtp.example.gov.cn:465',
  NATS_USER: 'sme',
  NATS_PASSWORD: 'placeholder',
  TEMPORAL_API_KEY: 'placeholder',
  OIDC_CLIENT_SECRET: 'placeholder',
};

/** The environment a container starts with: its ConfigMaps, its literal values, its Secret keys (optional ones or not). */
function environmentOf(c: Container, objects: K8sObject[], withOptional: boolean): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    if (!map) throw new Error(`${c.name}: envFrom names no ConfigMap of the manifests (${JSON.stringify(from)})`);
    Object.assign(env, map.data);
  }
  for (const v of c.env ?? []) {
    const ref = v.valueFrom?.secretKeyRef;
    if (v.value !== undefined) env[v.name] = v.value;
    else if (ref) {
      if (!ref.optional || withOptional) env[v.name] = PLACEHOLDERS[ref.key as SecretKey];
    } else throw new Error(`${c.name}: ${v.name} is neither a value nor a key of the Secret`);
  }
  return env;
}

/** The configuration loader a compiled entry point runs, read from its source: runService / loadConfig / loadWebConfig. */
function loaderOf(main: string): { source: string; load: (env: Record<string, string | undefined>) => { port: number } } {
  const source = main.replace(/^dist\//, '').replace(/\.js$/, '.ts');
  const code = readFileSync(join(ROOT, source), 'utf8');
  const service = /runService\(\s*'([a-z]+)'/.exec(code)?.[1] ?? /loadConfig\(\s*'([a-z]+)'\s*\)/.exec(code)?.[1];
  if (service) return { source, load: (env) => loadConfig(service as ServiceName, env) };
  if (/loadWebConfig\(\)/.test(code)) return { source, load: (env) => loadWebConfig(env) };
  throw new Error(`${source}: no configuration loader found`);
}

/** A route of libs/runtime's HealthController, as the services serve it. */
function healthRoute(method: 'health' | 'ready'): string {
  return `/${Reflect.getMetadata(PATH_METADATA, HealthController) as string}/${Reflect.getMetadata(PATH_METADATA, HealthController.prototype[method]) as string}`;
}

/** Whether an entry point, or a module it imports by a relative path, calls libs/runtime's healthHandler. */
function callsHealthHandler(source: string): boolean {
  const code = readFileSync(join(ROOT, source), 'utf8');
  const imported = [...code.matchAll(/from '(\.\.?\/[^']+)'/g)].map((m) => join(dirname(source), `${m[1]!}.ts`)).filter((f) => existsSync(join(ROOT, f)));
  return [source, ...imported].some((file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return /import \{[^}]*\bhealthHandler\b[^}]*\} from '@sme\/runtime'/.test(text) && /\bhealthHandler\(/.test(text);
  });
}

/** Runs a loader and records every variable it reads. */
function reading<T>(env: Record<string, string>, load: (env: Record<string, string | undefined>) => T): { config: T; read: Set<string> } {
  const read = new Set<string>();
  const proxy = new Proxy(env, {
    get: (target, key) => {
      if (typeof key === 'string') read.add(key);
      return typeof key === 'string' ? target[key] : undefined;
    },
    has: (target, key) => {
      if (typeof key === 'string') read.add(key);
      return key in target;
    },
  });
  return { config: load(proxy), read };
}

/** The variables a process may be left without: the backends' defaults and its own reasons. */
function leftUnset(name: string): Record<string, string> {
  if (name === MIGRATION.name) return { ...BACKEND_DEFAULTS, ...MIGRATION.unset };
  const spec = PROCESSES.find((p) => p.name === name);
  if (!spec) throw new Error(`no process ${name} in processes.ts`);
  return spec.config === 'backend' ? { ...BACKEND_DEFAULTS, ...spec.unset } : spec.unset;
}

/** Why a value must not be written in a manifest, or null. */
function secretLooking(name: string, value: string): string | null {
  if (/SECRET|PASSWORD|TOKEN|CREDENTIAL|API_KEY|HMAC|PRIVATE/.test(name)) return 'its name says it is a secret';
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i.test(value)) return 'a URL with a password';
  if (/-----BEGIN/.test(value)) return 'a PEM block';
  if (/^[A-Za-z0-9+/=_-]{32,}$/.test(value)) return 'a long random-looking string';
  return null;
}

describe('Kubernetes manifests', () => {
  describe.each(VARIANTS)('with %s', (_variant, settings) => {
    const objects = synth(settings);
    const deployments = objects.filter((o) => o.kind === 'Deployment');

    it('run every process `npm start` runs, in Deployments, with the development mail sink replaced by the relay', () => {
      const script = readFileSync(join(ROOT, 'scripts/run-services.mjs'), 'utf8');
      const started = [.../for \(const name of \[(.+)\]\) run\(name\)/.exec(script)![1]!.matchAll(/'([a-z-]+)'/g)].map((m) => m[1]!);
      const mains = deployments.map((d) => containersOf(d)[0]!.command![1]!);
      const missing = started.filter((name) => !mains.some((main) => main.startsWith(`dist/apps/${name}/`)));
      expect(missing).toEqual(['mail-sink']);
      // In its place: the relay outside the cluster, and SMTP_URL from the Secret for every process that sends email.
      expect(objects.find((o) => o.kind === 'Service' && o.metadata.name === EXTERNAL_SERVICES.mailRelay)?.spec?.externalName).toBe(settings.external.mailRelay);
      const smtp = deployments.filter((d) => containersOf(d)[0]!.env?.some((v) => v.name === 'SMTP_URL')).map((d) => d.metadata.name);
      expect(smtp.sort()).toEqual(['applications', 'notifications']);
    });

    it("start every container from an entry point the build compiles, in the one image, by a tag", () => {
      for (const w of workloads(objects)) {
        for (const c of containersOf(w)) {
          expect([c.name, c.command?.[0]]).toEqual([c.name, 'node']);
          expect([c.name, statSync(join(ROOT, loaderOf(c.command![1]!).source)).isFile()]).toEqual([c.name, true]);
          expect([c.name, c.image]).toEqual([c.name, settings.image]);
        }
      }
      expect(settings.image).toMatch(/^[a-z0-9.:/_-]+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$/);
      expect(settings.image).not.toMatch(/:latest$/);
    });

    it("give each process an environment its own configuration accepts in the production profile, and nothing it does not read", () => {
      for (const w of workloads(objects)) {
        const c = containersOf(w)[0]!;
        const { load } = loaderOf(c.command![1]!);
        const unset = leftUnset(c.name);
        for (const withOptional of [true, false]) {
          const env = environmentOf(c, objects, withOptional);
          const { read } = reading(env, load);
          expect([c.name, env['NODE_ENV'] ?? 'image', env['SEED_DEV_USERS'] ?? 'not read']).toEqual([c.name, expect.stringMatching(/^(production|image)$/), expect.stringMatching(/^(false|not read)$/)]);
          // Given but never read: a misspelt or stale variable.
          expect([c.name, Object.keys(env).filter((k) => !read.has(k))]).toEqual([c.name, []]);
          // Read but neither given nor left at its default on purpose: a variable the manifests have not caught up with.
          if (withOptional) expect([c.name, [...read].filter((k) => !(k in env) && !(k in unset))]).toEqual([c.name, []]);
        }
      }
    });

    it('listen where the probes and the Services knock, and probe routes the processes serve', () => {
      const withoutHttp: string[] = [];
      for (const d of deployments) {
        const c = containersOf(d)[0]!;
        const { source, load } = loaderOf(c.command![1]!);
        const { port } = load(environmentOf(c, objects, true));
        if (port === 0) {
          // The configuration says the process serves no HTTP: nothing to probe, nothing to route to.
          expect([c.name, c.ports ?? [], c.readinessProbe, c.livenessProbe]).toEqual([c.name, [], undefined, undefined]);
          withoutHttp.push(c.name);
          continue;
        }
        expect([c.name, c.ports?.map((p) => p.containerPort)]).toEqual([c.name, [port]]);
        for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect([c.name, probe?.httpGet?.port]).toEqual([c.name, port]);
        const paths = [c.readinessProbe, c.livenessProbe, c.startupProbe].map((probe) => probe?.httpGet?.path);
        expect([c.name, paths]).toEqual([c.name, [healthRoute('ready'), healthRoute('health'), healthRoute('health')]]);
        if (/runService\(/.test(readFileSync(join(ROOT, source), 'utf8'))) {
          // A Nest service: libs/runtime's HealthController, mounted by the service's module.
          const mounted = readdirSync(join(ROOT, 'apps', c.name, 'src')).some((f) => f.endsWith('.module.ts') && /controllers:\s*\[[^\]]*\bHealthController\b/.test(readFileSync(join(ROOT, 'apps', c.name, 'src', f), 'utf8')));
          expect([c.name, mounted]).toEqual([c.name, true]);
        } else {
          // The orchestrator and the gateway: libs/runtime's healthHandler, which answers the same routes (checked below).
          expect([c.name, callsHealthHandler(source)]).toEqual([c.name, true]);
        }
      }
      expect(withoutHttp.length).toBeLessThan(deployments.length);
      for (const name of withoutHttp) expect(objects.filter((o) => o.kind === 'Service' && o.metadata.name === name)).toEqual([]);
    });

    it('select with every Service the pods of one Deployment, on a port they listen on', () => {
      const services = objects.filter((o) => o.kind === 'Service' && o.spec?.type !== 'ExternalName');
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) {
        const matching = deployments.filter((d) => selects(s.spec!.selector!, podLabels(d)));
        expect([s.metadata.name, matching.map((d) => d.metadata.name)]).toEqual([s.metadata.name, [s.metadata.name]]);
        const ports = containersOf(matching[0]!).flatMap((c) => c.ports ?? []);
        for (const p of s.spec!.ports!) expect([s.metadata.name, ports.some((cp) => cp.containerPort === p.targetPort || cp.name === p.targetPort)]).toEqual([s.metadata.name, true]);
      }
      for (const d of deployments) expect([d.metadata.name, selects(d.spec!.selector!.matchLabels!, podLabels(d))]).toEqual([d.metadata.name, true]);
    });

    it('reach every address the configuration names: the gateway its services, the backends the external systems', () => {
      const service = (name: string) => objects.find((o) => o.kind === 'Service' && o.metadata.name === name);
      const gateway = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'sme-platforms-gateway')!.data!;
      for (const [name, value] of Object.entries(gateway).filter(([k]) => k.endsWith('_URL'))) {
        const url = new URL(value);
        expect([name, service(url.hostname)?.spec?.ports?.map((p) => p.port)]).toEqual([name, [Number(url.port)]]);
      }
      const backend = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'sme-platforms-backend')!.data!;
      for (const host of [new URL(backend['NATS_URL']!).hostname, backend['TEMPORAL_ADDRESS']!.split(':')[0]!]) {
        expect([host, service(host)?.spec?.type]).toEqual([host, 'ExternalName']);
      }
      for (const [key, name] of Object.entries(EXTERNAL_SERVICES)) {
        expect(service(name)?.spec?.externalName).toBe(settings.external[key as keyof typeof EXTERNAL_SERVICES]);
      }
    });

    it('take every secret from the one Secret by key, and write none', () => {
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      const referenced = new Set<string>();
      for (const w of workloads(objects)) {
        for (const c of containersOf(w)) {
          for (const v of c.env ?? []) {
            const ref = v.valueFrom?.secretKeyRef;
            if (ref) {
              expect([c.name, v.name, ref.name, ref.key]).toEqual([c.name, v.name, SECRET_NAME, v.name]);
              expect([c.name, ref.key, ref.optional]).toEqual([c.name, ref.key, SECRET_KEYS[ref.key as SecretKey].optional]);
              referenced.add(ref.key);
            } else expect([c.name, v.name, secretLooking(v.name, v.value ?? '')]).toEqual([c.name, v.name, null]);
          }
          expect([c.name, (c.envFrom ?? []).filter((f) => f.secretRef)]).toEqual([c.name, []]);
        }
        expect([w.metadata.name, (w.spec!.template!.spec.volumes ?? []).filter((v) => v.secret)]).toEqual([w.metadata.name, []]);
      }
      for (const map of objects.filter((o) => o.kind === 'ConfigMap')) {
        for (const [k, v] of Object.entries(map.data ?? {})) expect([map.metadata.name, k, secretLooking(k, v)]).toEqual([map.metadata.name, k, null]);
      }
      const expected = Object.keys(SECRET_KEYS).filter((k) => k !== 'OIDC_CLIENT_SECRET' || settings.oidc.issuer);
      expect([...referenced].sort()).toEqual(expected.sort());
    });

    it('run several replicas of each process, one at most taken away at a time, each container with requests and limits', () => {
      for (const d of deployments) {
        expect([d.metadata.name, d.spec!.replicas! >= 2]).toEqual([d.metadata.name, true]);
        const budgets = objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec!.selector!.matchLabels!, podLabels(d)));
        expect([d.metadata.name, budgets.map((b) => b.spec!.maxUnavailable! < d.spec!.replicas!)]).toEqual([d.metadata.name, [true]]);
      }
      const mebibytes = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? NaN);
      const millicores = (q: string) => Number(/^(\d+)m$/.exec(q)?.[1] ?? NaN);
      for (const w of workloads(objects)) {
        for (const c of containersOf(w)) {
          const { requests = {}, limits = {} } = c.resources ?? {};
          const size = PROCESS_SIZES[c.name as keyof typeof PROCESS_SIZES];
          expect([c.name, mebibytes(requests['memory'] ?? '')]).toEqual([c.name, size.peakRssMiB]);
          expect([c.name, mebibytes(limits['memory'] ?? '') >= mebibytes(requests['memory']!)]).toEqual([c.name, true]);
          expect([c.name, millicores(limits['cpu'] ?? '') >= millicores(requests['cpu'] ?? '') && millicores(requests['cpu']!) > 0]).toEqual([c.name, true]);
        }
      }
    });

    it('migrate once per image, in a chart applied before the processes, with the audit key the migrations seal with', () => {
      const jobs = objects.filter((o) => o.kind === 'Job');
      expect(jobs.map((j) => j.metadata.name)).toEqual([migrationJobName(settings.image)]);
      expect(jobs[0]!.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      expect(containersOf(jobs[0]!)[0]!.command).toEqual(['node', MIGRATION.main]);
      expect(Math.max(...objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.chart))).toBeLessThan(jobs[0]!.chart);
      expect(jobs[0]!.chart).toBeLessThan(Math.min(...deployments.map((d) => d.chart)));
      // Only the Job connects as the schemas' owner.
      const owners = workloads(objects).filter((w) => containersOf(w).some((c) => c.env?.some((v) => v.name === 'MIGRATION_DATABASE_URL')));
      expect(owners.map((w) => w.kind)).toEqual(['Job']);
    });

    it('give every variable read outside the configuration to the process that reads it', () => {
      // Who runs each file that reads process.env itself (libs/runtime/src/config.ts reads the rest, checked above).
      const runners: Array<[string, string | null]> = [
        ['libs/persistence/src/migrations/', MIGRATION.name],
        ['apps/applications/src/accounts/cli/', null], // create-admin: run by hand (kubectl exec), not deployed
      ];
      const files = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !/\.(spec|integration-spec)\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
      const readers = ['apps', 'libs']
        .flatMap((d) => files(join(ROOT, d)))
        .map((f) => relative(ROOT, f))
        .filter((f) => !f.startsWith('libs/testing/') && !f.startsWith('apps/web/src/') && f !== 'libs/runtime/src/config.ts');
      let found = 0;
      for (const file of readers) {
        for (const m of readFileSync(join(ROOT, file), 'utf8').matchAll(/process\.env(?:\[['"]([A-Z0-9_]+)['"]\]|\.([A-Z0-9_]+))/g)) {
          const variable = m[1] ?? m[2]!;
          const runner = runners.find(([prefix]) => file.startsWith(prefix));
          expect([file, variable, runner ? 'known' : 'no process known to run it']).toEqual([file, variable, 'known']);
          found++;
          if (!runner?.[1]) continue;
          const c = workloads(objects).flatMap(containersOf).find((x) => x.name === runner[1])!;
          expect([file, variable, variable in environmentOf(c, objects, false)]).toEqual([file, variable, true]);
        }
      }
      expect(found).toBeGreaterThan(0);
    });

    it('route the public host to the gateway, which is where the emailed links point', () => {
      const ingresses = objects.filter((o) => o.kind === 'Ingress');
      expect(ingresses).toHaveLength(1);
      const rule = ingresses[0]!.spec!.rules![0]!;
      expect(rule.host).toBe(settings.publicHost);
      const backend = rule.http!.paths[0]!.backend.service!;
      const gateway = PROCESSES.find((p) => p.component === 'gateway')!;
      expect(backend).toEqual({ name: gateway.name, port: { number: gateway.http!.port } });
      const backendConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'sme-platforms-backend')!.data!;
      expect(new URL(backendConfig['PUBLIC_URL']!).host).toBe(rule.host);
    });

    it('are valid under the Kubernetes schema (kubernetes-models, precompiled)', () => {
      const models: Record<string, { new (data: object): { validate(): void } }> = {
        'apps/v1/Deployment': Deployment,
        'batch/v1/Job': Job,
        'networking.k8s.io/v1/Ingress': Ingress,
        'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
        'v1/ConfigMap': ConfigMap,
        'v1/PersistentVolumeClaim': PersistentVolumeClaim,
        'v1/Service': Service,
      };
      for (const { chart: _chart, ...o } of objects) {
        const Model = models[`${o.apiVersion}/${o.kind}`];
        expect([o.kind, o.metadata.name, Model ? 'known' : 'no model: add its kubernetes-models class']).toEqual([o.kind, o.metadata.name, 'known']);
        expect([o.kind, o.metadata.name, o.metadata.namespace]).toEqual([o.kind, o.metadata.name, settings.namespace]);
        const errors = (() => {
          try {
            new Model!(o).validate();
            return null;
          } catch (err) {
            return String(err);
          }
        })();
        expect([o.kind, o.metadata.name, errors]).toEqual([o.kind, o.metadata.name, null]);
      }
    });
  });

  it('leave no variable at its default that no process reads (a stale reason)', () => {
    const read = new Map<string, Set<string>>();
    for (const [, settings] of VARIANTS) {
      const objects = synth(settings);
      for (const w of workloads(objects)) {
        const c = containersOf(w)[0]!;
        const env = environmentOf(c, objects, true);
        const seen = read.get(c.name) ?? new Set<string>();
        for (const k of reading(env, loaderOf(c.command![1]!).load).read) if (!(k in env)) seen.add(k);
        read.set(c.name, seen);
      }
    }
    const stale = (name: string, unset: Record<string, string>) => Object.keys(unset).filter((k) => !read.get(name)?.has(k));
    expect(Object.keys(BACKEND_DEFAULTS).filter((k) => !PROCESSES.some((p) => p.config === 'backend' && read.get(p.name)?.has(k)))).toEqual([]);
    for (const p of PROCESSES) expect([p.name, stale(p.name, p.unset)]).toEqual([p.name, []]);
    expect(stale(MIGRATION.name, MIGRATION.unset)).toEqual([]);
  });

  it("answer the probes' routes with healthHandler as the services' HealthController does", async () => {
    let reasons: string[] = [];
    const server = createServer(healthHandler(() => reasons));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
      return [res.status, await res.json()];
    };
    try {
      const controller = new HealthController({ query: () => Promise.resolve([{ '?column?': 1 }]) } as never);
      expect(await get(healthRoute('health'))).toEqual([200, controller.health()]);
      expect(await get(healthRoute('ready'))).toEqual([200, await controller.ready()]);
      reasons = ['the workflow worker is STOPPING'];
      expect(await get(healthRoute('ready'))).toEqual([503, expect.objectContaining({ status: 503, title: 'Service Unavailable', instance: healthRoute('ready') })]);
      expect(await get(healthRoute('health'))).toEqual([200, controller.health()]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('name in the README every key the Secret holds', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /\n## Deploying beyond one machine\n([\s\S]*?)(?=\n## )/.exec(readme)?.[1] ?? '';
    expect(Object.keys(SECRET_KEYS).filter((k) => !section.includes(`\`${k}\``))).toEqual([]);
  });

  it('are checked by checks that can fail', () => {
    expect(secretLooking('AUTH_JWT_SECRET', 'anything')).not.toBeNull();
    expect(secretLooking('DATABASE_URL', 'postgres://sme:hunter2@db:5432/sme')).not.toBeNull();
    expect(secretLooking('SOMETHING', 'q8Zt3kVxN7bP2mLw9sR4yH6jD1fG5cA0eU')).not.toBeNull();
    expect(secretLooking('NATS_URL', 'nats://nats:4222')).toBeNull();
    expect(() => new Deployment({ metadata: { name: 'x' }, spec: { replicas: 'two', template: {} } } as never).validate()).toThrow(/selector|integer/);
    const env = environmentOf({ name: 'applications', image: 'x', env: [{ name: 'APPLICATIONS_PORT', value: '3001' }] }, [], true);
    expect(() => loadConfig('applications', { ...env, NODE_ENV: 'production', BIND_HOST: '0.0.0.0' })).toThrow(/AUTH_JWT_SECRET/);
    expect(reading({ A: '1' }, (e) => e['B'] ?? e['A']).read).toEqual(new Set(['B', 'A']));
    expect(callsHealthHandler('apps/mail-sink/src/main.ts')).toBe(false);
  });
});
