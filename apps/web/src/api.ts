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

/**
 * Sends a multipart form with upload progress (fetch cannot report it): `onProgress` gets 0..100 as bytes leave.
 * Errors come back as the same ApiError as `api`.
 */
export function upload<T>(service: Service, path: string, form: FormData, onProgress: (percent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/svc/${service}${path}`);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.floor((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError({ status: 0, type: 'network', message: { zh: '网络中断，文件未上传', en: 'the network failed; the file was not uploaded' } }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError((body as Problem | undefined) ?? { status: xhr.status, type: 'about:blank' }));
    };
    xhr.send(form);
  });
}

/** Fetches a file with the caller's token (and any extra headers) and hands it to the browser as a download. */
export async function download(service: Service, path: string, filename: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(`/svc/${service}${path}`, { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  if (!res.ok) {
    const text = await res.text();
    throw new ApiError(text ? (JSON.parse(text) as Problem) : { status: res.status, type: 'about:blank' });
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
