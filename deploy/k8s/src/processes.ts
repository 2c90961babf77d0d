/**
 * The system's long-running processes as the cluster runs them: what `scripts/run-services.mjs` starts on one machine
 * (the three services, the orchestrator, the gateway; the development mail sink stays behind: in a cluster the mail
 * relay is the organisation's SMTP relay, reached through SMTP_URL), and the one-shot migration.
 * manifests.spec.ts checks every line here against the code: the entry points exist, each process's configuration
 * accepts the environment it gets and reads every variable it is given.
 */
import type { SizedProcess } from './sizing';

export type ProcessName = 'applications' | 'scoring' | 'notifications' | 'orchestrator' | 'gateway';

/** The Secret the operator makes (its keys below); the manifests name it and never hold a value of it. */
export const SECRET_NAME = 'sme-platforms';

/** Each key of the Secret: whether it may be left out of it, and what it holds (the README's list). */
export const SECRET_KEYS = {
  DATABASE_URL: { optional: false, holds: "the services' database role: postgres://sme_app:<password>@postgres:5432/sme" },
  MIGRATION_DATABASE_URL: { optional: false, holds: "the schemas' owner, for the migration Job only: postgres://sme:<password>@postgres:5432/sme" },
  AUTH_JWT_SECRET: { optional: false, holds: 'signs and checks access tokens (HS256): 32 characters or more (openssl rand -base64 48)' },
  AUDIT_HMAC_KEY: { optional: false, holds: "seals the audit chain's head: 32 characters or more (openssl rand -base64 48)" },
  SMTP_URL: { optional: false, holds: 'the mail relay: smtp://mail-relay:25 or smtps://<user>:<password>@<relay host>:465' },
  NATS_USER: { optional: true, holds: 'NATS user, with NATS_PASSWORD, when the NATS server asks for one' },
  NATS_PASSWORD: { optional: true, holds: "that user's password" },
  TEMPORAL_API_KEY: { optional: true, holds: 'an API key, when the Temporal cluster asks for one' },
  OIDC_CLIENT_SECRET: { optional: false, holds: "single sign-on's client secret: only with settings.oidc.issuer (referenced only then)" },
} as const;

export type SecretKey = keyof typeof SECRET_KEYS;

/** An HTTP process's port, the variable its configuration reads it from, and the paths its probes ask. */
export interface HttpEndpoint {
  port: number;
  portVariable: string;
  /**
   * Answers 200 when the process can serve (a service: its database answers; the orchestrator: its worker runs and its
   * starter consumes; the gateway: every service behind it is ready).
   */
  readiness: string;
  /** Answers 200 while the process is up. */
  liveness: string;
}

export interface ProcessSpec {
  name: ProcessName;
  component: 'service' | 'worker' | 'gateway';
  /** The compiled entry point, relative to the image's /app. */
  main: string;
  replicas: number;
  /** null: the process serves no HTTP. */
  http: HttpEndpoint | null;
  /** The ConfigMap it takes whole: the backends' shared one, or the gateway's. */
  config: 'backend' | 'gateway';
  /** The Secret's keys it gets, no more (the orchestrator never sees the database's password). */
  secrets: readonly SecretKey[];
  /** Variables its configuration reads that it is not given, each with the reason (beyond BACKEND_DEFAULTS). */
  unset: Readonly<Record<string, string>>;
  /** Mounts the evidence files' volume (EVIDENCE_DIR). */
  evidence: boolean;
  /** Offers single sign-on when settings.oidc.issuer is set: gets the OIDC_* variables and OIDC_CLIENT_SECRET. */
  signOn: boolean;
}

/**
 * Health, readiness: libs/runtime's HealthController, which every service mounts, and its healthHandler on the same
 * routes, which the orchestrator and the gateway serve.
 */
const healthHttp = (port: number, portVariable: string): HttpEndpoint => ({ port, portVariable, readiness: '/api/ready', liveness: '/api/health' });

/** What every backend process must have to start in the production profile (libs/runtime/src/config.ts). */
const REQUIRED_SECRETS = ['AUTH_JWT_SECRET', 'AUDIT_HMAC_KEY'] as const satisfies readonly SecretKey[];
const NATS_AND_TEMPORAL = ['NATS_USER', 'NATS_PASSWORD', 'TEMPORAL_API_KEY'] as const satisfies readonly SecretKey[];
const OWNER_ONLY = { MIGRATION_DATABASE_URL: "only the migration Job connects as the schemas' owner" };
const NO_MAIL = { SMTP_URL: 'sends no email' };

export const PROCESSES: readonly ProcessSpec[] = [
  {
    name: 'applications',
    component: 'service',
    main: 'dist/apps/applications/src/main.js',
    replicas: 3,
    http: healthHttp(3001, 'APPLICATIONS_PORT'),
    config: 'backend',
    secrets: ['DATABASE_URL', ...REQUIRED_SECRETS, 'SMTP_URL', ...NATS_AND_TEMPORAL],
    unset: OWNER_ONLY,
    evidence: true,
    signOn: true,
  },
  {
    name: 'scoring',
    component: 'service',
    main: 'dist/apps/scoring/src/main.js',
    replicas: 2,
    http: healthHttp(3002, 'SCORING_PORT'),
    config: 'backend',
    secrets: ['DATABASE_URL', ...REQUIRED_SECRETS, ...NATS_AND_TEMPORAL],
    unset: { ...OWNER_ONLY, ...NO_MAIL },
    evidence: false,
    signOn: false,
  },
  {
    // Its delivery worker is the system's side of the mail relay: due emails go to SMTP_URL, each claimed under a
    // lease, so every replica may send.
    name: 'notifications',
    component: 'service',
    main: 'dist/apps/notifications/src/main.js',
    replicas: 2,
    http: healthHttp(3003, 'NOTIFICATIONS_PORT'),
    config: 'backend',
    secrets: ['DATABASE_URL', ...REQUIRED_SECRETS, 'SMTP_URL', ...NATS_AND_TEMPORAL],
    unset: OWNER_ONLY,
    evidence: false,
    signOn: false,
  },
  {
    // Workers of one task queue share its work: more replicas, more workflow tasks at once. Its HTTP is for the probes.
    name: 'orchestrator',
    component: 'worker',
    main: 'dist/apps/orchestrator/src/main.js',
    replicas: 2,
    http: healthHttp(3004, 'ORCHESTRATOR_PORT'),
    config: 'backend',
    secrets: [...REQUIRED_SECRETS, ...NATS_AND_TEMPORAL],
    unset: { DATABASE_URL: 'workflows only: it opens no database', ...OWNER_ONLY, ...NO_MAIL },
    evidence: false,
    signOn: false,
  },
  {
    // Ready when every service behind it is (one instance of each answers its /api/ready within 2 s).
    name: 'gateway',
    component: 'gateway',
    main: 'dist/apps/web/server/main.js',
    replicas: 2,
    http: healthHttp(8080, 'WEB_PORT'),
    config: 'gateway',
    secrets: [],
    unset: {
      APPLICATIONS_PORT: 'read only when APPLICATIONS_URL is unset',
      SCORING_PORT: 'read only when SCORING_URL is unset',
      NOTIFICATIONS_PORT: 'read only when NOTIFICATIONS_URL is unset',
      WEB_TRUST_PROXY: "loopback and private networks: the Ingress controller's pods",
      WEB_EXPOSE_DOCS: "off: the services' documents and metrics stay on their own ports",
    },
    evidence: false,
    signOn: false,
  },
];

/** The migration (`npm run migrate`): once per release, before the services start. */
export const MIGRATION = {
  name: 'migrate',
  main: 'dist/libs/persistence/src/cli/migrate.js',
  secrets: ['DATABASE_URL', 'MIGRATION_DATABASE_URL', ...REQUIRED_SECRETS],
  unset: { APPLICATIONS_PORT: 'serves nothing', ...NO_MAIL, ...Object.fromEntries(NATS_AND_TEMPORAL.map((k) => [k, 'connects to PostgreSQL only'])) },
} as const satisfies { name: SizedProcess; main: string; secrets: readonly SecretKey[]; unset: Record<string, string> };

/**
 * Variables every backend process's configuration reads and this deployment leaves at the code's default, each with
 * the reason. A variable the configuration starts to read fails manifests.spec.ts until it is set or listed here.
 */
export const BACKEND_DEFAULTS: Readonly<Record<string, string>> = {
  OUTBOX_POLL_MS: '250 ms',
  DECISION_DEADLINE_MS: '10 s, as the README documents',
  WORKFLOWS_PATH: "the image's compiled workflows",
  WORKFLOW_CACHE_SIZE: '250 workflows',
  TRUST_PROXY: "loopback and private networks: the gateway's pods",
  AUTH_LOCK_AFTER: '5 wrong passwords',
  AUTH_LOCK_SECONDS: '900 s',
  THROTTLE_WINDOW_SECONDS: '60 s',
  THROTTLE_AUTH_LIMIT: '60 per window',
  THROTTLE_OBJECTION_LIMIT: '10 per window',
  EVIDENCE_MAX_BYTES: '20 MiB',
  EVIDENCE_QUOTA_FILES: '60 files',
  EVIDENCE_QUOTA_BYTES: '300 MiB',
  PDF_FONT: "the font the image installs (fonts-wqy-microhei)",
  PDF_FONT_FACE: "the collection's first face",
  DELIVERY_POLL_MS: '1 s',
  DELIVERY_MAX_ATTEMPTS: '6',
  DELIVERY_BACKOFF_MS: '5 s',
  DIGEST_WINDOW_SECONDS: '300 s',
  NATS_CREDS_FILE: 'no credentials file mounted (NATS_USER/NATS_PASSWORD from the Secret instead)',
  NATS_TLS_CA_FILE: 'no NATS TLS files mounted (a tls:// NATS_URL uses the system CAs)',
  NATS_TLS_CERT_FILE: 'no NATS client certificate mounted',
  NATS_TLS_KEY_FILE: 'no NATS client certificate mounted',
  TEMPORAL_TLS: 'no Temporal TLS',
  TEMPORAL_TLS_SERVER_NAME: 'no Temporal TLS',
  TEMPORAL_TLS_CA_FILE: 'no Temporal TLS files mounted',
  TEMPORAL_TLS_CERT_FILE: 'no Temporal client certificate mounted',
  TEMPORAL_TLS_KEY_FILE: 'no Temporal client certificate mounted',
  OIDC_ISSUER: 'single sign-on is offered by the applications service only, when settings.oidc.issuer is set',
  OIDC_REDIRECT_URI: "${PUBLIC_URL}/svc/applications/api/auth/oidc/callback, the gateway's path",
};

/** Where the evidence files live in the applications pods (EVIDENCE_DIR). */
export const EVIDENCE_DIR = '/data/evidence';
