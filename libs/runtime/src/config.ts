/**
 * One typed, validated configuration object per process. Every environment variable is read here and
 * nowhere else; a bad value stops the process at boot with a message naming the variable.
 */
export type ServiceName = 'applications' | 'scoring' | 'notifications' | 'orchestrator';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  applications: 3001,
  scoring: 3002,
  notifications: 3003,
  orchestrator: 3004,
};

export interface RuntimeConfig {
  service: ServiceName;
  /** HTTP port (the orchestrator's serves its health and readiness only); 0: any free port, which the process logs. */
  port: number;
  /** Interface the HTTP server binds to: loopback by default, 0.0.0.0 in containers. */
  host: string;
  /** The services' connection: the runtime role (DATABASE_URL). */
  databaseUrl: string;
  /** The migrations' connection: the schemas' owner (MIGRATION_DATABASE_URL; DATABASE_URL when one role does both). */
  migrationDatabaseUrl: string;
  natsUrl: string;
  /** How the services prove themselves to NATS and check it (NATS_CREDS_FILE, NATS_USER/NATS_PASSWORD, NATS_TLS_*). */
  natsAccess: NatsAccess;
  temporalAddress: string;
  /** How the processes reach a secured Temporal cluster: mTLS (TEMPORAL_TLS_*) or an API key (TEMPORAL_API_KEY). */
  temporalAccess: TemporalAccess;
  temporalNamespace: string;
  /** The Temporal web UI operators are linked to (TEMPORAL_UI_URL; the dev server's UI on :8233 by default). */
  temporalUiUrl: string;
  /** How often the outbox relay looks for unpublished events when idle. */
  outboxPollMs: number;
  /** How long a decision waits for its workflow's answer before the caller gets 503 (DECISION_DEADLINE_MS; 10 s). */
  decisionDeadlineMs: number;
  /** Where the Temporal worker finds workflow code (orchestrator only). */
  workflowsPath: string | null;
  /**
   * Workflows the orchestrator's worker keeps in memory between their tasks (WORKFLOW_CACHE_SIZE). A platform sleeps
   * for months between tasks, so a large cache buys little and costs RSS; one evicted is replayed from its history.
   * 250: at 3,000 imported platforms the orchestrator peaked at 717 MiB and started them in 117 s, against 961 MiB and
   * 144 s with 500 (bench/scale, RESULTS.md).
   */
  workflowCacheSize: number;
  /** HS256 secret every service verifies access tokens with (AUTH_JWT_SECRET); a dev default outside production. */
  jwtSecret: string;
  /** Seed one development user per role at start (SEED_DEV_USERS; never in production). */
  seedDevUsers: boolean;
  /** The key that seals the audit chain's head (AUDIT_HMAC_KEY; a development default on loopback only). */
  auditHmacKey: string;
  /**
   * Which hops' X-Forwarded-For is believed when telling clients apart for the request limits (TRUST_PROXY, Express
   * syntax; default the gateway on this machine or a private network: `loopback, uniquelocal`).
   */
  trustProxy: string;
  /**
   * Single sign-on through the government's unified identity service (OpenID Connect), beside passwords; null when
   * OIDC_ISSUER is unset. People are matched to the accounts an administrator made, by `accountClaim`.
   */
  oidc: OidcConfig | null;
  /** Where people reach the system: one-time links in emails point here (PUBLIC_URL; the web gateway by default). */
  publicUrl: string;
  /** Wrong passwords in a row that lock an account (AUTH_LOCK_AFTER; 5). */
  authLockAfter: number;
  /** How long the first lock lasts; each further lock doubles it, up to a day (AUTH_LOCK_SECONDS; 900). */
  authLockMs: number;
  /** Roles that must sign in with a second factor (AUTH_TOTP_REQUIRED_ROLES, comma-separated; none by default). */
  totpRequiredRoles: string[];
  /** The window the request limits count in (THROTTLE_WINDOW_SECONDS; 60). */
  throttleWindowMs: number;
  /** Sign-in, reset and registration requests one client address may make per window (THROTTLE_AUTH_LIMIT; 60). */
  throttleAuthLimit: number;
  /** Objections one client address may raise per window, over all notices (THROTTLE_OBJECTION_LIMIT; 10). */
  throttleObjectionLimit: number;
  /** Where evidence files are kept, content-addressed by sha256 (EVIDENCE_DIR; default .local/evidence). */
  evidenceDir: string;
  /** Largest evidence file accepted, in bytes (EVIDENCE_MAX_BYTES; default 20 MiB). */
  evidenceMaxBytes: number;
  /** Most evidence files one application (with its draft) may hold (EVIDENCE_QUOTA_FILES; default 60). */
  evidenceQuotaFiles: number;
  /** Most bytes of evidence one application (with its draft) may hold (EVIDENCE_QUOTA_BYTES; default 300 MiB). */
  evidenceQuotaBytes: number;
  /**
   * The Chinese font the printed receipts and summaries embed (PDF_FONT: a .ttf, .otf or .ttc file; Debian's
   * fonts-wqy-microhei by default) and, in a collection, the face to use by its PostScript name (PDF_FONT_FACE; the
   * collection's first face when unset). Checked when a PDF is asked for: a missing font is a 503 then, not a boot failure.
   */
  pdfFont: { path: string; face: string | null };
  /** The SMTP relay email goes through (SMTP_URL; default the local sink `npm start` runs). */
  smtpUrl: string;
  /** The From address of every email (MAIL_FROM). */
  mailFrom: string;
  /** How often the delivery worker looks for due email and SMS (DELIVERY_POLL_MS). */
  deliveryPollMs: number;
  /** Attempts before a delivery is parked in the dead-letter stream (DELIVERY_MAX_ATTEMPTS). */
  deliveryMaxAttempts: number;
  /** First retry delay; it doubles each attempt, up to ten minutes (DELIVERY_BACKOFF_MS). */
  deliveryBackoffMs: number;
  /**
   * How long a digest of escalations to a role waits for the next one before it goes out; it gathers for at most six
   * times this from its first (DIGEST_WINDOW_SECONDS). Five minutes: the first day's import of 10,000 platforms finds
   * its late reports over about eight, and staff have the digest's email within fifteen of the upload (bench/scale).
   */
  digestWindowMs: number;
}

/** NATS credentials and TLS, all optional (a local server needs none). */
export interface NatsAccess {
  /** A decentralised-auth credentials file (user JWT + NKey seed). */
  credsFile?: string;
  user?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

/** Temporal mTLS or API key, all optional (the dev server needs none). */
export interface TemporalAccess {
  tls?: { serverName?: string; caFile?: string; certFile?: string; keyFile?: string };
  apiKey?: string;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim that names the account: `email` (matched to the account's email) or `preferred_username` (its username). */
  accountClaim: 'email' | 'preferred_username';
  /** The button's label on the sign-in screen (OIDC_DISPLAY_NAME). */
  displayName: string;
  /** Where the provider sends people back (OIDC_REDIRECT_URI; by default the gateway's path to this service). */
  redirectUri: string;
}

/** The development mail sink: an SMTP server that keeps every message, and an HTTP page listing them. */
export interface MailSinkConfig {
  smtpPort: number;
  httpPort: number;
  host: string;
  /** Where each message is kept as an .eml file. */
  dir: string;
}

/** The web gateway: the built front end, and the services behind /svc/<service>/. */
export interface WebConfig {
  port: number;
  host: string;
  /** Where `vite build` wrote the front end. */
  dist: string;
  /** Each service's instances (`<SERVICE>_URL`, comma-separated when it runs more than one): the gateway spreads requests over them. */
  upstreams: Record<'applications' | 'scoring' | 'notifications', string[]>;
  /** Which proxies in front are believed about the client and its scheme (WEB_TRUST_PROXY; loopback and private networks). */
  trustProxy: string;
  /** Publish the services' /docs and /metrics through the gateway (WEB_EXPOSE_DOCS=true; off: operators use the services' ports). */
  exposeDocs: boolean;
}

export function loadWebConfig(env: Env = process.env): WebConfig {
  const upstream = (service: 'applications' | 'scoring' | 'notifications'): string[] => {
    const name = `${service.toUpperCase()}_URL`;
    const fallback = `http://127.0.0.1:${int(env, `${service.toUpperCase()}_PORT`, DEFAULT_PORTS[service], 1, 65535)}`;
    return (env[name] ?? fallback).split(',').map((one) => url({ [name]: one.trim() }, name, fallback, ['http:', 'https:']));
  };
  return {
    port: int(env, 'WEB_PORT', 8080, 0, 65535),
    host: hostName(env, 'BIND_HOST', '127.0.0.1'),
    dist: env['WEB_DIST'] || `${process.cwd()}/dist/web`,
    upstreams: { applications: upstream('applications'), scoring: upstream('scoring'), notifications: upstream('notifications') },
    trustProxy: (env['WEB_TRUST_PROXY'] ?? 'loopback, uniquelocal').trim(),
    exposeDocs: env['WEB_EXPOSE_DOCS'] === 'true',
  };
}

export function loadMailSinkConfig(env: Env = process.env): MailSinkConfig {
  return {
    smtpPort: int(env, 'MAIL_SINK_SMTP_PORT', 1025, 0, 65535),
    httpPort: int(env, 'MAIL_SINK_HTTP_PORT', 1080, 0, 65535),
    host: hostName(env, 'BIND_HOST', '127.0.0.1'),
    dir: env['MAIL_SINK_DIR'] || `${process.cwd()}/.local/mail`,
  };
}

/** Debian's fonts-wqy-microhei, which infra/up.sh installs (a TrueType collection; its first face is WenQuanYiMicroHei). */
export const DEFAULT_PDF_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** The development key that seals the audit chain when AUDIT_HMAC_KEY is unset (loopback only, as the JWT secret). */
export const DEV_AUDIT_HMAC_KEY = 'dev-only-audit-seal-key-change-me-in-production-01';

/** The development secret used when AUTH_JWT_SECRET is unset outside production (the README says so). */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production-0001';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
    reasonZh: string,
  ) {
    super(`配置错误 ${variable}：${reasonZh} / invalid configuration ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = env[name] ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `not a URL: "${value}"`, `不是有效的 URL："${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `expected ${protocols.join(' or ')} URL, got "${parsed.protocol}"`,
      `应为 ${protocols.join(' 或 ')} 地址，实际为 "${parsed.protocol}"`,
    );
  }
  return value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected an integer in [${min}, ${max}], got "${raw}"`, `应为 ${min} 到 ${max} 之间的整数，实际为 "${raw}"`);
  }
  return Number(raw);
}

function hostPort(env: Env, name: string, fallback: string): string {
  const value = env[name] ?? fallback;
  if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(value)) {
    throw new ConfigError(name, `expected host:port, got "${value}"`, `应为 主机:端口，实际为 "${value}"`);
  }
  return value;
}

function hostName(env: Env, name: string, fallback: string): string {
  const value = env[name] ?? fallback;
  if (!/^[A-Za-z0-9.:-]+$/.test(value)) {
    throw new ConfigError(name, `expected a host name or IP address, got "${value}"`, `应为主机名或 IP 地址，实际为 "${value}"`);
  }
  return value;
}

function natsAccess(env: Env): NatsAccess {
  const user = env['NATS_USER'] || undefined;
  const password = env['NATS_PASSWORD'] || undefined;
  if (!!user !== !!password) throw new ConfigError(user ? 'NATS_PASSWORD' : 'NATS_USER', 'NATS_USER and NATS_PASSWORD go together', 'NATS_USER 与 NATS_PASSWORD 须同时设置');
  const credsFile = env['NATS_CREDS_FILE'] || undefined;
  if (credsFile && user) throw new ConfigError('NATS_CREDS_FILE', 'give a credentials file or a user and password, not both', '凭据文件与用户名密码只能二选一');
  const tls = { caFile: env['NATS_TLS_CA_FILE'] || undefined, certFile: env['NATS_TLS_CERT_FILE'] || undefined, keyFile: env['NATS_TLS_KEY_FILE'] || undefined };
  if (!!tls.certFile !== !!tls.keyFile) throw new ConfigError('NATS_TLS_KEY_FILE', 'a client certificate needs its key (NATS_TLS_CERT_FILE and NATS_TLS_KEY_FILE)', '客户端证书与私钥须同时设置');
  return { ...(credsFile ? { credsFile } : {}), ...(user ? { user, password } : {}), ...(tls.caFile || tls.certFile ? { tls } : {}) };
}

function temporalAccess(env: Env): TemporalAccess {
  const tls = {
    serverName: env['TEMPORAL_TLS_SERVER_NAME'] || undefined,
    caFile: env['TEMPORAL_TLS_CA_FILE'] || undefined,
    certFile: env['TEMPORAL_TLS_CERT_FILE'] || undefined,
    keyFile: env['TEMPORAL_TLS_KEY_FILE'] || undefined,
  };
  if (!!tls.certFile !== !!tls.keyFile) throw new ConfigError('TEMPORAL_TLS_KEY_FILE', 'a client certificate needs its key (TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE)', '客户端证书与私钥须同时设置');
  const apiKey = env['TEMPORAL_API_KEY'] || undefined;
  const anyTls = Object.values(tls).some(Boolean) || env['TEMPORAL_TLS'] === 'true';
  return { ...(anyTls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}

function oidc(env: Env): OidcConfig | null {
  const issuer = env['OIDC_ISSUER'];
  if (!issuer) return null;
  url(env, 'OIDC_ISSUER', issuer, ['https:', 'http:']);
  if (new URL(issuer).protocol === 'http:' && !isLoopback(new URL(issuer).hostname)) {
    throw new ConfigError('OIDC_ISSUER', 'an identity provider is reached over https', '统一身份认证服务须使用 https 地址');
  }
  for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']) {
    if (!env[name]) throw new ConfigError(name, 'required with OIDC_ISSUER', '设置 OIDC_ISSUER 时必须设置');
  }
  const claim = env['OIDC_ACCOUNT_CLAIM'] ?? 'email';
  if (claim !== 'email' && claim !== 'preferred_username') {
    throw new ConfigError('OIDC_ACCOUNT_CLAIM', `expected email or preferred_username, got "${claim}"`, `应为 email 或 preferred_username，实际为 "${claim}"`);
  }
  const publicUrl = (env['PUBLIC_URL'] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  return {
    issuer,
    clientId: env['OIDC_CLIENT_ID']!,
    clientSecret: env['OIDC_CLIENT_SECRET']!,
    accountClaim: claim,
    displayName: env['OIDC_DISPLAY_NAME'] || '统一身份认证',
    redirectUri: url(env, 'OIDC_REDIRECT_URI', `${publicUrl}/svc/applications/api/auth/oidc/callback`, ['http:', 'https:']),
  };
}

/** A comma-separated list of roles, each one of `allowed` (the roles that may enrol a second factor). */
function roleList(env: Env, name: string, allowed: string[]): string[] {
  const raw = (env[name] ?? '').trim();
  if (!raw) return [];
  const roles = raw.split(',').map((r) => r.trim());
  const bad = roles.filter((r) => !allowed.includes(r));
  if (bad.length) throw new ConfigError(name, `only ${allowed.join(', ')} may be listed, got "${bad.join(', ')}"`, `只能列出 ${allowed.join('、')}，实际为 "${bad.join(', ')}"`);
  return roles;
}

/** Whether a bind address is this machine only (nothing beyond it can reach a service bound there). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function auditKey(env: Env): string {
  const key = env['AUDIT_HMAC_KEY'];
  const host = env['BIND_HOST'] ?? '127.0.0.1';
  if (key !== undefined && key !== '' && key.length < 32) throw new ConfigError('AUDIT_HMAC_KEY', 'must be at least 32 characters', '至少 32 个字符');
  if ((!key || key === DEV_AUDIT_HMAC_KEY) && (!isLoopback(host) || env['NODE_ENV'] === 'production')) {
    throw new ConfigError('AUDIT_HMAC_KEY', 'the development key is public: set a key of your own (see .env.example)', '开发密钥是公开的：请设置自己的密钥（见 .env.example）');
  }
  return key || DEV_AUDIT_HMAC_KEY;
}

function auth(env: Env): Pick<RuntimeConfig, 'jwtSecret' | 'seedDevUsers'> {
  const production = env['NODE_ENV'] === 'production';
  const secret = env['AUTH_JWT_SECRET'];
  const host = env['BIND_HOST'] ?? '127.0.0.1';
  if (secret === undefined || secret === '') {
    if (production) throw new ConfigError('AUTH_JWT_SECRET', 'required in production', '生产环境必须设置');
  } else if (secret.length < 32) {
    throw new ConfigError('AUTH_JWT_SECRET', 'must be at least 32 characters', '至少 32 个字符');
  }
  // The development secret is in the repository: anyone could sign tokens with it. A service others can reach
  // refuses it, whatever NODE_ENV says.
  if ((!secret || secret === DEV_JWT_SECRET) && !isLoopback(host)) {
    throw new ConfigError(
      'AUTH_JWT_SECRET',
      `the development secret is public: a service bound to ${host} needs its own (see .env.example)`,
      `开发密钥是公开的：绑定到 ${host} 的服务必须设置自己的密钥（见 .env.example）`,
    );
  }
  const seed = env['SEED_DEV_USERS'];
  if (seed !== undefined && seed !== 'true' && seed !== 'false') {
    throw new ConfigError('SEED_DEV_USERS', `expected true or false, got "${seed}"`, `应为 true 或 false，实际为 "${seed}"`);
  }
  if (production && seed === 'true') {
    throw new ConfigError('SEED_DEV_USERS', 'development users are never seeded in production', '生产环境不得创建演示账号');
  }
  return { jwtSecret: secret || DEV_JWT_SECRET, seedDevUsers: !production && seed !== 'false' };
}

export function loadConfig(service: ServiceName, env: Env = process.env): RuntimeConfig {
  const portVar = `${service.toUpperCase()}_PORT`;
  const port = int(env, portVar, DEFAULT_PORTS[service], 0, 65535);
  const namespace = env['TEMPORAL_NAMESPACE'] ?? 'default';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(namespace)) {
    throw new ConfigError('TEMPORAL_NAMESPACE', `not a namespace name: "${namespace}"`, `命名空间名称无效："${namespace}"`);
  }
  return {
    service,
    port,
    host: hostName(env, 'BIND_HOST', '127.0.0.1'),
    databaseUrl: url(env, 'DATABASE_URL', 'postgres://sme:sme@127.0.0.1:5432/sme', ['postgres:', 'postgresql:']),
    migrationDatabaseUrl: url(env, 'MIGRATION_DATABASE_URL', env['DATABASE_URL'] || 'postgres://sme:sme@127.0.0.1:5432/sme', ['postgres:', 'postgresql:']),
    natsUrl: url(env, 'NATS_URL', 'nats://127.0.0.1:4222', ['nats:', 'tls:']),
    natsAccess: natsAccess(env),
    temporalAddress: hostPort(env, 'TEMPORAL_ADDRESS', '127.0.0.1:7233'),
    temporalAccess: temporalAccess(env),
    temporalNamespace: namespace,
    temporalUiUrl: url(env, 'TEMPORAL_UI_URL', 'http://127.0.0.1:8233', ['http:', 'https:']).replace(/\/+$/, ''),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 250, 10, 60_000),
    decisionDeadlineMs: int(env, 'DECISION_DEADLINE_MS', 10_000, 500, 120_000),
    workflowsPath: env['WORKFLOWS_PATH'] ?? null,
    workflowCacheSize: int(env, 'WORKFLOW_CACHE_SIZE', 250, 2, 100_000),
    ...auth(env),
    auditHmacKey: auditKey(env),
    trustProxy: (env['TRUST_PROXY'] ?? 'loopback, uniquelocal').trim(),
    publicUrl: url(env, 'PUBLIC_URL', 'http://127.0.0.1:8080', ['http:', 'https:']).replace(/\/+$/, ''),
    oidc: oidc(env),
    authLockAfter: int(env, 'AUTH_LOCK_AFTER', 5, 1, 100),
    authLockMs: int(env, 'AUTH_LOCK_SECONDS', 900, 1, 86_400) * 1000,
    totpRequiredRoles: roleList(env, 'AUTH_TOTP_REQUIRED_ROLES', ['bureau', 'admin', 'staff']),
    throttleWindowMs: int(env, 'THROTTLE_WINDOW_SECONDS', 60, 1, 86_400) * 1000,
    throttleAuthLimit: int(env, 'THROTTLE_AUTH_LIMIT', 60, 1, 1_000_000),
    throttleObjectionLimit: int(env, 'THROTTLE_OBJECTION_LIMIT', 10, 1, 1_000_000),
    evidenceDir: env['EVIDENCE_DIR'] || `${process.cwd()}/.local/evidence`,
    evidenceMaxBytes: int(env, 'EVIDENCE_MAX_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    evidenceQuotaFiles: int(env, 'EVIDENCE_QUOTA_FILES', 60, 3, 10_000),
    evidenceQuotaBytes: int(env, 'EVIDENCE_QUOTA_BYTES', 300 * 1024 * 1024, 1024, 100 * 1024 * 1024 * 1024),
    pdfFont: { path: env['PDF_FONT'] || DEFAULT_PDF_FONT, face: env['PDF_FONT_FACE'] || null },
    smtpUrl: url(env, 'SMTP_URL', 'smtp://127.0.0.1:1025', ['smtp:', 'smtps:']),
    mailFrom: env['MAIL_FROM'] || '厦门市中小企业服务中心 <noreply@sme-platforms.local>',
    deliveryPollMs: int(env, 'DELIVERY_POLL_MS', 1000, 10, 60_000),
    deliveryMaxAttempts: int(env, 'DELIVERY_MAX_ATTEMPTS', 6, 1, 50),
    deliveryBackoffMs: int(env, 'DELIVERY_BACKOFF_MS', 5000, 10, 3_600_000),
    digestWindowMs: int(env, 'DIGEST_WINDOW_SECONDS', 300, 1, 86_400) * 1000,
  };
}
