/** Calls to the services through the gateway (/svc/<service>), with the signed-in user's token. */
export type Service = 'applications' | 'scoring' | 'notifications';

export interface Problem {
  status: number;
  type: string;
  message?: { zh: string; en: string };
  detail?: string;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message?.en ?? problem.detail ?? `HTTP ${problem.status}`);
  }
  text(lang: 'zh' | 'en'): string {
    return this.problem.message?.[lang] ?? this.problem.detail ?? `HTTP ${this.problem.status}`;
  }
}

let token: string | null = sessionStorage.getItem('sme.token');

export function setToken(t: string | null): void {
  token = t;
  if (t) sessionStorage.setItem('sme.token', t);
  else sessionStorage.removeItem('sme.token');
}

export async function api<T>(service: Service, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`/svc/${service}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) throw new ApiError((body as Problem | undefined) ?? { status: res.status, type: 'about:blank' });
  return body as T;
}
