/**
 * What differs from one cluster to another. Everything else in the manifests follows from the code (the processes,
 * their ports, probes and variables: processes.ts). An empty string means "not used" or "the cluster's default",
 * as an unset variable does in libs/runtime's configuration.
 */
export interface DeploySettings {
  /** The namespace every object goes in; made beforehand (`kubectl create namespace`), with its own quotas and labels. */
  namespace: string;
  /** The one image every process runs (the root Dockerfile), by an immutable tag. */
  image: string;
  /** Where people reach the system: the Ingress's host, and PUBLIC_URL (the links in emails). */
  publicHost: string;
  /** The kubernetes.io/tls Secret with publicHost's certificate; empty: TLS ends in front of the Ingress. */
  tlsSecretName: string;
  /** The Ingress class; empty: the cluster's default. */
  ingressClassName: string;
  /** Host names of the systems outside the cluster, each given an ExternalName Service named after it. */
  external: { postgres: string; nats: string; temporal: string; mailRelay: string };
  /** The Temporal namespace of the existing cluster, and its web UI (the link the operations screen gives). */
  temporal: { namespace: string; uiUrl: string };
  /** The From address of every email (MAIL_FROM). */
  mailFrom: string;
  /** Roles that must sign in with a second factor (AUTH_TOTP_REQUIRED_ROLES). */
  totpRequiredRoles: string;
  /** The evidence files' volume: every applications pod mounts it, so it is ReadWriteMany. */
  evidence: { storageClassName: string; sizeGiB: number };
  /** Single sign-on (OpenID Connect); an empty issuer leaves it off. The client secret is in the Secret. */
  oidc: { issuer: string; clientId: string; accountClaim: string; displayName: string };
}

export const DEFAULT_SETTINGS: DeploySettings = {
  namespace: 'sme-platforms',
  image: 'sme-platforms/app:0.1.0',
  publicHost: 'sme.example.gov.cn',
  tlsSecretName: 'sme-platforms-tls',
  ingressClassName: '',
  external: {
    postgres: 'postgres.example.internal',
    nats: 'nats.example.internal',
    temporal: 'temporal-frontend.example.internal',
    mailRelay: 'smtp.example.gov.cn',
  },
  temporal: { namespace: 'sme-platforms', uiUrl: 'https://temporal.example.internal' },
  mailFrom: '厦门市中小企业服务中心 <noreply@sme.example.gov.cn>',
  totpRequiredRoles: 'bureau,admin',
  evidence: { storageClassName: '', sizeGiB: 200 },
  oidc: { issuer: '', clientId: '', accountClaim: 'email', displayName: '' },
};

/**
 * The defaults with a deployment's overrides (a JSON object of the same shape, any part of it). A key the settings
 * do not have, or a value of another type, is refused with its path, as a bad variable stops a service at boot.
 */
export function withOverrides<T extends object>(base: T, overrides: unknown, path = 'settings'): T {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new Error(`${path}: expected an object`);
  }
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    const where = `${path}.${key}`;
    if (!(key in base)) throw new Error(`${where}: no such setting (known: ${Object.keys(base).join(', ')})`);
    const current = (base as Record<string, unknown>)[key];
    if (typeof current === 'object' && current !== null) merged[key] = withOverrides(current, value, where);
    else if (typeof value !== typeof current) throw new Error(`${where}: expected a ${typeof current}, got ${JSON.stringify(value)}`);
    else merged[key] = value;
  }
  return merged as T;
}
