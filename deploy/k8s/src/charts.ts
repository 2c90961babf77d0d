import { App, type AppProps, Chart, type ChartProps, Duration, Size, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { EVIDENCE_DIR, MIGRATION, PROCESSES, type ProcessSpec, SECRET_KEYS, SECRET_NAME, type SecretKey } from './processes';
import type { DeploySettings } from './settings';
import { resourcesOf, type SizedProcess } from './sizing';

export const PART_OF = 'sme-platforms';

/** The ConfigMaps' names: the backends' (services, orchestrator, migration) and the gateway's. */
export const CONFIG_MAPS = { backend: 'sme-platforms-backend', gateway: 'sme-platforms-gateway' } as const;

/** The ExternalName Services that name the systems outside the cluster; the configuration reaches them by these names. */
export const EXTERNAL_SERVICES = { postgres: 'postgres', nats: 'nats', temporal: 'temporal', mailRelay: 'mail-relay' } as const;

export const EVIDENCE_CLAIM = 'sme-platforms-evidence';

/** The image's `node` user (node:20-bookworm-slim): numeric, so that the kubelet can check it is not root. */
const IMAGE_USER = 1000;

export const labelsOf = (name: string): Record<string, string> => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': PART_OF });

/** The backends' shared configuration: nothing secret, nothing that differs between them. */
export function backendConfig(settings: DeploySettings): Record<string, string> {
  return {
    NODE_ENV: 'production',
    BIND_HOST: '0.0.0.0',
    SEED_DEV_USERS: 'false',
    NATS_URL: `nats://${EXTERNAL_SERVICES.nats}:4222`,
    TEMPORAL_ADDRESS: `${EXTERNAL_SERVICES.temporal}:7233`,
    TEMPORAL_NAMESPACE: settings.temporal.namespace,
    TEMPORAL_UI_URL: settings.temporal.uiUrl,
    PUBLIC_URL: `https://${settings.publicHost}`,
    MAIL_FROM: settings.mailFrom,
    AUTH_TOTP_REQUIRED_ROLES: settings.totpRequiredRoles,
    EVIDENCE_DIR,
  };
}

/** The gateway's: where the built front end is in the image, and each service by its Service's name. */
export function gatewayConfig(): Record<string, string> {
  const upstreams = PROCESSES.filter((p) => p.component === 'service').map((p) => [`${p.name.toUpperCase()}_URL`, `http://${p.name}:${p.http!.port}`]);
  return { BIND_HOST: '0.0.0.0', WEB_DIST: '/app/dist/web', ...Object.fromEntries(upstreams) };
}

/** Single sign-on's settings for the applications service, when it is on (the client secret is the Secret's). */
function signOnConfig(settings: DeploySettings): Record<string, string> {
  const { issuer, clientId, accountClaim, displayName } = settings.oidc;
  if (!issuer) return {};
  return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_ACCOUNT_CLAIM: accountClaim, ...(displayName ? { OIDC_DISPLAY_NAME: displayName } : {}) };
}

/** Every object in the deployment's namespace, labelled as ours, by the name given (no hashes: Services are reached by name). */
const chartProps = (settings: DeploySettings): ChartProps => ({ namespace: settings.namespace, labels: { 'app.kubernetes.io/part-of': PART_OF }, disableResourceNameHashes: true });

/** A short digest of a ConfigMap's data: in the pod template, so that changing the configuration rolls the pods. */
const digest = (data: Record<string, string>): string => createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);

/** The configuration, the external systems' names and the evidence volume: applied first. */
export class ConfigChart extends Chart {
  constructor(scope: Construct, id: string, settings: DeploySettings) {
    super(scope, id, chartProps(settings));
    new kplus.ConfigMap(this, 'backend', { metadata: { name: CONFIG_MAPS.backend }, data: backendConfig(settings) });
    new kplus.ConfigMap(this, 'gateway', { metadata: { name: CONFIG_MAPS.gateway }, data: gatewayConfig() });
    for (const [key, name] of Object.entries(EXTERNAL_SERVICES)) {
      new kplus.Service(this, name, {
        metadata: { name },
        type: kplus.ServiceType.EXTERNAL_NAME,
        externalName: settings.external[key as keyof typeof EXTERNAL_SERVICES],
      });
    }
    new kplus.PersistentVolumeClaim(this, 'evidence', {
      metadata: { name: EVIDENCE_CLAIM },
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      storage: Size.gibibytes(settings.evidence.sizeGiB),
      ...(settings.evidence.storageClassName ? { storageClassName: settings.evidence.storageClassName } : {}),
    });
  }
}

interface ContainerPlan {
  name: string;
  main: string;
  size: SizedProcess;
  config: keyof typeof CONFIG_MAPS;
  secrets: readonly SecretKey[];
  /** Literal variables beyond the ConfigMap: the port, single sign-on's settings. */
  variables: Record<string, string>;
  http: ProcessSpec['http'];
}

/** A pod of ours: the image's user (never root), no service account token. */
function podDefaults(): Pick<kplus.DeploymentProps, 'securityContext' | 'automountServiceAccountToken'> {
  return { securityContext: { user: IMAGE_USER, group: IMAGE_USER, fsGroup: IMAGE_USER, ensureNonRoot: true }, automountServiceAccountToken: false };
}

function container(scope: Construct, settings: DeploySettings, plan: ContainerPlan): kplus.ContainerProps {
  const secret = kplus.Secret.fromSecretName(scope, 'secret', SECRET_NAME);
  const configMap = kplus.ConfigMap.fromConfigMapName(scope, 'config', CONFIG_MAPS[plan.config]);
  const env: Record<string, kplus.EnvValue> = {};
  for (const [name, value] of Object.entries(plan.variables)) env[name] = kplus.EnvValue.fromValue(value);
  for (const key of plan.secrets) env[key] = kplus.EnvValue.fromSecretValue({ secret, key }, { optional: SECRET_KEYS[key].optional });
  const probe = (path: string, options: kplus.HttpGetProbeOptions) => kplus.Probe.fromHttpGet(path, { port: plan.http!.port, timeoutSeconds: Duration.seconds(5), ...options });
  return {
    name: plan.name,
    image: settings.image,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    workingDir: '/app',
    command: ['node', plan.main],
    envFrom: [kplus.Env.fromConfigMap(configMap)],
    envVariables: env,
    resources: resourcesOf(plan.size),
    securityContext: {
      user: IMAGE_USER,
      group: IMAGE_USER,
      ensureNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    ...(plan.http
      ? {
          ports: [{ name: 'http', number: plan.http.port }],
          // Start-up (Nest's modules, the Temporal worker) may take a minute before liveness counts.
          startup: probe(plan.http.liveness, { periodSeconds: Duration.seconds(2), failureThreshold: 60 }),
          readiness: probe(plan.http.readiness, { periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
          liveness: probe(plan.http.liveness, { periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
        }
      : {}),
  };
}

/** Mounts an empty /tmp (the root filesystem is read-only) and, for the applications service, the evidence volume. */
function mountVolumes(scope: Construct, pod: kplus.AbstractPod, evidence: boolean): void {
  const main = pod.containers[0]!;
  main.mount('/tmp', kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp'));
  if (evidence) {
    const claim = kplus.PersistentVolumeClaim.fromClaimName(scope, 'evidence-claim', EVIDENCE_CLAIM);
    main.mount(EVIDENCE_DIR, kplus.Volume.fromPersistentVolumeClaim(scope, 'evidence', claim));
  }
}

/** The migration Job's name: one per image, so that each release migrates once (a Job's pod template cannot change). */
export function migrationJobName(image: string): string {
  const release = (image.includes('@') ? image.split('@')[1]!.replace(/^sha256:/, '').slice(0, 12) : image.split(':').pop()!)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-');
  return `${MIGRATION.name}-${release}`.slice(0, 63).replace(/-+$/, '');
}

/** The migration: applied after the configuration, and waited for before the processes (README). */
export class MigrationChart extends Chart {
  constructor(scope: Construct, id: string, settings: DeploySettings) {
    super(scope, id, chartProps(settings));
    const job = new kplus.Job(this, 'migrate', {
      metadata: { name: migrationJobName(settings.image), labels: labelsOf(MIGRATION.name) },
      podMetadata: { labels: labelsOf(MIGRATION.name) },
      backoffLimit: 3,
      activeDeadline: Duration.minutes(30),
      ...podDefaults(),
      containers: [
        container(this, settings, { name: MIGRATION.name, main: MIGRATION.main, size: MIGRATION.name, config: 'backend', secrets: MIGRATION.secrets, variables: {}, http: null }),
      ],
    });
    mountVolumes(this, job, false);
  }
}

/** The long-running processes: a Deployment and a disruption budget each, a Service for each service and the gateway, the gateway's Ingress. */
export class ProcessesChart extends Chart {
  constructor(scope: Construct, id: string, settings: DeploySettings) {
    super(scope, id, chartProps(settings));
    const configDigest = { backend: digest(backendConfig(settings)), gateway: digest(gatewayConfig()) };
    for (const spec of PROCESSES) {
      // One process's objects, grouped (their construct ids stay short).
      const scope = new Construct(this, spec.name);
      const labels = labelsOf(spec.name);
      const signOn = spec.signOn ? signOnConfig(settings) : {};
      const deployment = new kplus.Deployment(scope, 'deployment', {
        metadata: { name: spec.name, labels: { ...labels, 'app.kubernetes.io/component': spec.component } },
        podMetadata: { labels, annotations: { 'sme-platforms/config-digest': configDigest[spec.config] + (spec.signOn ? digest(signOn) : '') } },
        replicas: spec.replicas,
        select: false,
        ...podDefaults(),
        containers: [
          container(scope, settings, {
            name: spec.name,
            main: spec.main,
            size: spec.name,
            config: spec.config,
            secrets: [...spec.secrets, ...(Object.keys(signOn).length ? (['OIDC_CLIENT_SECRET'] as const) : [])],
            variables: { ...(spec.http ? { [spec.http.portVariable]: String(spec.http.port) } : {}), ...signOn },
            http: spec.http,
          }),
        ],
      });
      deployment.select(kplus.LabelSelector.of({ labels }));
      // Replicas on different nodes and zones where the cluster has room (preferred, so a small cluster still runs them).
      deployment.scheduling.spread({ topology: kplus.Topology.HOSTNAME, weight: 100 });
      deployment.scheduling.spread({ topology: kplus.Topology.ZONE, weight: 50 });
      mountVolumes(scope, deployment, spec.evidence);
      // One replica at a time may be taken away by a node's drain.
      new kplus.k8s.KubePodDisruptionBudget(scope, 'budget', {
        metadata: { name: spec.name },
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
      });
      // The kubelet probes a worker's pods directly and nothing else calls it: no Service.
      if (!spec.http || spec.component === 'worker') continue;
      const service = new kplus.Service(scope, 'service', {
        metadata: { name: spec.name },
        ports: [{ name: 'http', port: spec.http.port, targetPort: spec.http.port }],
      });
      for (const [key, value] of Object.entries(labels)) service.selectLabel(key, value);
      if (spec.component === 'gateway') this.ingress(settings, service);
    }
  }

  private ingress(settings: DeploySettings, gateway: kplus.Service): void {
    new kplus.Ingress(this, 'ingress', {
      metadata: {
        name: 'gateway',
        // Uploads (evidence, imports, reports) are up to 20 MiB, and ingress-nginx refuses bodies over 1 MiB by default: a
        // little more than 20, so that a larger file is refused by the service, with its problem details.
        annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '21m' },
      },
      ...(settings.ingressClassName ? { className: settings.ingressClassName } : {}),
      rules: [{ host: settings.publicHost, path: '/', pathType: kplus.HttpIngressPathType.PREFIX, backend: kplus.IngressBackend.fromService(gateway) }],
      ...(settings.tlsSecretName ? { tls: [{ hosts: [settings.publicHost], secret: kplus.Secret.fromSecretName(this, 'tls', settings.tlsSecretName) }] } : {}),
    });
  }
}

/**
 * The whole system, as three charts applied in order: the configuration, the migration, the processes. The files are
 * numbered in that order (0000-, 0001-, 0002-).
 */
export function buildApp(settings: DeploySettings, props: Pick<AppProps, 'outdir'> = {}): App {
  const app = new App({ ...props, yamlOutputType: YamlOutputType.FILE_PER_CHART, recordConstructMetadata: false });
  const config = new ConfigChart(app, 'sme-platforms-config', settings);
  const migration = new MigrationChart(app, 'sme-platforms-migrate', settings);
  const processes = new ProcessesChart(app, 'sme-platforms-processes', settings);
  migration.addDependency(config);
  processes.addDependency(migration);
  return app;
}
