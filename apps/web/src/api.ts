import type { operations, paths, Schema } from '@sme/api-client';
import createClient from 'openapi-fetch';

export type { operations, Schema };

export interface Problem {
  status: number;
  type: string;
  message?: { zh: string; en: string };
  detail?: string;
  article?: string;
  /** RFC 9457 extension members, e.g. `conflicts` of a refused panel. */
  [extension: string]: unknown;
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

/** Called when a service says the token no longer counts (signed out elsewhere, account changed): sign in again. */
let onSignedOut: (() => void) | undefined;
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

export function setToken(t: string | null): void {
  token = t;
  if (t) sessionStorage.setItem('sme.token', t);
  else sessionStorage.removeItem('sme.token');
}

/** The documented operations that take a multipart upload, by path. */
type UploadPath = { [P in keyof paths]: paths[P] extends { post: { requestBody?: { content: { 'multipart/form-data': unknown } } } } ? P : never }[keyof paths];
type UploadOperation<P extends UploadPath> = paths[P] extends { post: infer O } ? O : never;
/** What an upload answers on success, as documented. */
type Uploaded<P extends UploadPath> = UploadOperation<P> extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 ? (R[S] extends { content: { 'application/json': infer J } } ? J : never) : never }[keyof R]
  : never;
/** Its path parameters, as documented. */
type UploadParams<P extends UploadPath> = UploadOperation<P> extends { parameters: { path?: infer Q } } ? ([NonNullable<Q>] extends [never] ? Record<string, never> : NonNullable<Q>) : never;

/**
 * Sends a multipart form to a documented upload with progress (fetch cannot report it): `onProgress` gets 0..100 as
 * bytes leave. The path and its parameters are checked against the generated client, the answer typed from it.
 * Errors come back as the same ApiError as `answer`.
 */
export function upload<P extends UploadPath>(path: P, params: UploadParams<P>, form: FormData, onProgress: (percent: number) => void): Promise<Uploaded<P>> {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((params as Record<string, unknown>)[name])));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
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
      if (xhr.status === 401 && token) onSignedOut?.();
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Uploaded<P>);
      else reject(new ApiError((body as Problem | undefined) ?? { status: xhr.status, type: 'about:blank' }));
    };
    xhr.send(form);
  });
}

/**
 * The generated client (libs/api-client, from the gateway's OpenAPI document): paths, parameters, bodies and answers
 * are typed from the services' own document, so a screen that no longer matches a service does not compile.
 * `answer(client.GET(...))` gives the data or throws the same ApiError as `api`.
 */
export const client = createClient<paths>({ baseUrl: '' });
client.use({
  onRequest({ request }) {
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
});

/** What an openapi-fetch call gives: the data of a success, or the error of a refusal, with the response. */
type Answer = { data?: unknown; error?: unknown; response: Response };
/** The data of a call's success branch (undefined for a 204), not the error branch's `data?: never`. */
type DataOf<R extends Answer> = Extract<R, { error?: never }>['data'];

/** The body of a client call's success, or its refusal as an ApiError (a 401 on a live session signs out). */
export async function answer<R extends Answer>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (response.ok) return data as DataOf<R>;
  if (response.status === 401 && token) onSignedOut?.();
  const problem = error && typeof error === 'object' && 'status' in error ? (error as Problem) : { status: response.status, type: 'about:blank', detail: typeof error === 'string' ? error : undefined };
  throw new ApiError(problem);
}

/** One page of a paged list from a client call: its rows, and the rows of the whole view (`X-Total-Count`). */
export async function answerPage<R extends Answer>(call: Promise<R>): Promise<{ body: DataOf<R>; total: number }> {
  const result = await call;
  const body = await answer(Promise.resolve(result));
  const total = Number(result.response.headers.get('X-Total-Count'));
  const rows = Array.isArray(body) ? body.length : 0;
  return { body, total: Number.isFinite(total) && result.response.headers.has('X-Total-Count') ? total : rows };
}

/**
 * A file from a client call made with `parseAs: 'blob'` (an evidence file, a workbook, a receipt), saved by the
 * browser under `filename`; a refusal throws the same ApiError as `answer`.
 */
export async function saveAs<R extends Answer & { data?: Blob }>(call: Promise<R>, filename: string): Promise<void> {
  const blob = (await answer(call)) as Blob;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
