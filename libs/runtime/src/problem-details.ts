import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ValidationError } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';

/** RFC 9457 problem details, with the bilingual text and the article a rule comes from. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Chinese and English explanation for a person. */
  message?: { zh: string; en: string };
  article?: string;
  errors?: Array<{ field: string; reason: { zh: string; en: string } }>;
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://sme-platforms.xm.gov.cn/problems';

/** A domain refusal that maps to an HTTP status with a bilingual message. */
export class DomainProblem extends HttpException {
  constructor(
    status: number,
    readonly slug: string,
    readonly text: { zh: string; en: string },
    readonly article?: string,
    /** RFC 9457 extension members, e.g. the conflicts that refused an assignment. */
    readonly extensions?: Record<string, unknown>,
  ) {
    super(text.en, status);
  }
}

/** class-validator errors as field paths with reasons (nested DTOs flattened to `a.b.c`). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): NonNullable<ProblemDetails['errors']> {
  const out: NonNullable<ProblemDetails['errors']> = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    for (const reason of Object.values(e.constraints ?? {})) {
      out.push({ field, reason: { zh: `字段 ${field} 无效：${reason}`, en: reason } });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

/**
 * The validation options of a class-validator check that the OpenAPI schema cannot say (one field against another,
 * a count against a total): a request refused only by such checks is a 422, not a 400.
 */
export const BEYOND_SCHEMA = { context: { beyondSchema: true } } as const;

/** Classes whose keys the schema leaves open (a map); `KeysBeyondSchema` marks them. */
const openKeyClasses = new WeakSet<object>();

/**
 * A class validated as a map whose keys the OpenAPI 3.0 schema cannot constrain (it has no `propertyNames`): the
 * document says only what each value is, so a key the class does not take is a 422, not a 400.
 */
export function KeysBeyondSchema(): ClassDecorator {
  return (target) => {
    openKeyClasses.add(target);
  };
}

/** Whether every failed check (nested ones too) is marked BEYOND_SCHEMA, or is an unknown key of a KeysBeyondSchema map. */
export function onlyBeyondSchema(errors: ValidationError[]): boolean {
  const checks = (e: ValidationError): boolean[] => [
    ...Object.keys(e.constraints ?? {}).map(
      (name) =>
        (e.contexts?.[name] as { beyondSchema?: boolean } | undefined)?.beyondSchema === true ||
        (name === 'whitelistValidation' && typeof e.target === 'object' && e.target !== null && openKeyClasses.has(e.target.constructor)),
    ),
    ...(e.children ?? []).flatMap(checks),
  ];
  const all = errors.flatMap(checks);
  return all.length > 0 && all.every(Boolean);
}

/**
 * Fields refused, each with its reason. 400 (the default) when a field breaks what the OpenAPI document says of it;
 * 422 when the request matches the document but a field breaks a rule the schema cannot say (a date outside the year
 * being published, a password the policy refuses, a code that is not the current one).
 */
export class ValidationProblem extends HttpException {
  constructor(
    readonly errors: NonNullable<ProblemDetails['errors']>,
    readonly problemStatus: 400 | 422 = 400,
  ) {
    super('validation failed', problemStatus);
  }
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl;
    if (problem.status >= 500 && problem.status !== 503) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    // A problem that says when to come back (a workflow that did not answer) says it in the header too (RFC 9110).
    const retryAfter = (problem as { retryAfter?: unknown }).retryAfter;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof ValidationProblem) {
      const fields = [...new Set(exception.errors.map((e) => e.field))].join(', ');
      const refused = exception.problemStatus === 422;
      return {
        type: `${PROBLEM_BASE}/${refused ? 'refused-fields' : 'validation'}`,
        title: refused ? 'Unprocessable Content' : 'Bad Request',
        status: exception.problemStatus,
        detail: `invalid fields: ${fields}`,
        message: { zh: `请求内容有误：${fields}`, en: `invalid fields: ${fields}` },
        errors: exception.errors,
      };
    }
    if (exception instanceof DomainProblem) {
      return {
        type: `${PROBLEM_BASE}/${exception.slug}`,
        title: STATUS_CODES[exception.getStatus()] ?? 'Error',
        status: exception.getStatus(),
        detail: exception.text.en,
        message: exception.text,
        ...(exception.article ? { article: exception.article } : {}),
        ...exception.extensions,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as { problem?: { slug: string; zh: string; en: string } };
      if (typeof body === 'object' && body.problem) {
        const { slug, zh, en } = body.problem;
        return { type: `${PROBLEM_BASE}/${slug}`, title: STATUS_CODES[status] ?? 'Error', status, detail: en, message: { zh, en } };
      }
      return {
        type: 'about:blank',
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: exception.message,
        message: { zh: exception.message, en: exception.message },
      };
    }
    // Errors of the HTTP layer before Nest (body too large, unsupported charset...) carry their own 4xx status.
    const http = exception as { expose?: boolean; status?: number; type?: string } | null;
    if (http && http.expose === true && typeof http.status === 'number' && http.status >= 400 && http.status < 500) {
      const status = http.status;
      const tooLarge = status === 413;
      return {
        type: `${PROBLEM_BASE}/${tooLarge ? 'body-too-large' : 'bad-request-body'}`,
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: tooLarge ? 'the request body is larger than this endpoint accepts' : `the request body cannot be read (${http.type ?? 'unknown'})`,
        message: tooLarge
          ? { zh: '请求内容过大', en: 'the request body is larger than this endpoint accepts' }
          : { zh: '请求内容无法读取', en: `the request body cannot be read (${http.type ?? 'unknown'})` },
      };
    }
    // A database, Temporal or NATS that is down or restarting: the caller may retry (nothing was decided).
    if (isUnavailable(exception)) {
      return {
        type: `${PROBLEM_BASE}/dependency-unavailable`,
        title: 'Service Unavailable',
        status: 503,
        detail: 'a part of the system is restarting; nothing was recorded: retry shortly with the same Idempotency-Key',
        message: { zh: '系统部分组件正在恢复，本次请求未被记录，请稍后以相同的 Idempotency-Key 重试', en: 'a part of the system is restarting; nothing was recorded: retry shortly with the same Idempotency-Key' },
        retryAfter: 2,
      };
    }
    // A NUL character in a value the document accepts, which PostgreSQL cannot hold in text (22021) or in jsonb
    // (22P05, `\u0000`): 422, nothing stored.
    if (exception instanceof QueryFailedError && ['22021', '22P05'].includes((exception.driverError as { code?: string } | undefined)?.code ?? '')) {
      return { type: `${PROBLEM_BASE}/unsupported-character`, title: 'Unprocessable Content', status: 422, detail: 'a value holds a character the system cannot store or search (NUL)', message: { zh: '请求中含有系统无法保存或检索的字符（NUL）', en: 'a value holds a character the system cannot store or search (NUL)' } };
    }
    // A value the database cannot read as its column's type (a malformed uuid, date or number that reached a query)
    // is the caller's bad request, not a server fault.
    if (exception instanceof QueryFailedError && ['22P02', '22007', '22008', '22003'].includes((exception.driverError as { code?: string } | undefined)?.code ?? '')) {
      return { type: `${PROBLEM_BASE}/bad-value`, title: 'Bad Request', status: 400, detail: 'a value in the request is not of the expected type', message: { zh: '请求中的某个值格式不正确', en: 'a value in the request is not of the expected type' } };
    }
    // Constraint violations that slipped past the checks are the caller's conflict, not a server fault.
    const code = exception instanceof QueryFailedError ? (exception.driverError as { code?: string } | undefined)?.code : undefined;
    if (code === '23505' || code === '23503' || code === '23514') {
      const en = code === '23505' ? 'this already exists' : code === '23503' ? 'it refers to something that does not exist' : 'a value breaks a rule of the record';
      const zh = code === '23505' ? '记录已存在' : code === '23503' ? '引用的记录不存在' : '数据不符合约束';
      return { type: `${PROBLEM_BASE}/constraint`, title: 'Conflict', status: 409, detail: en, message: { zh, en } };
    }
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'internal error',
      message: { zh: '服务器内部错误，请稍后重试', en: 'internal error, please retry later' },
    };
  }
}

/** PostgreSQL's codes for a server shutting down, starting up, or a connection lost or refused. */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const NET_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** NATS client codes for a server that is away (`503`: no JetStream responder yet). */
const NATS_UNAVAILABLE = new Set(['CONNECTION_REFUSED', 'CONNECTION_CLOSED', 'DISCONNECT', 'TIMEOUT', 'CONNECTION_DRAINING', '503']);
const PG_GONE = /Connection terminated|timeout exceeded when trying to connect|not queryable|Connection refused|the database system is (starting up|shutting down)|terminating connection/i;

/**
 * An error of a dependency that is down or restarting (PostgreSQL, Temporal, NATS), anywhere on its cause chain: a
 * 503 the caller retries, not a 500. Temporal's `ServiceError` is what the client throws after its own retries.
 */
export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof e.code === 'number' ? String(e.code) : '';
  if (PG_UNAVAILABLE.has(code) || NET_UNAVAILABLE.has(code) || NATS_UNAVAILABLE.has(code)) return true;
  if (e.name === 'ServiceError' || e.name === 'TransportError') return true;
  // A transaction whose connection died under it (PostgreSQL restarted): TypeORM released its runner, the next query
  // of the same transaction is refused. Nothing was committed; the caller retries.
  if (e.name === 'QueryRunnerAlreadyReleasedError') return true;
  if (typeof e.message === 'string' && PG_GONE.test(e.message)) return true;
  return isUnavailable(e.driverError, depth + 1) || isUnavailable(e.cause, depth + 1);
}

/**
 * A workflow's refusal of an update (its validator threw) or its absence, as the caller's 409 with the reason;
 * anything else is rethrown. `what` says what was refused, e.g. { zh: '当前无法补充材料', en: 'materials cannot be supplied now' }.
 */
export function rethrowAsRefusal(err: unknown, slug: string, what: { zh: string; en: string }): never {
  if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) {
    // A typed refusal (workflows/lib/refusals.ts) carries its code, article and both languages.
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
    const typed = cause instanceof ApplicationFailure ? refusalDetails(cause.details?.[0]) : null;
    if (typed) {
      throw new DomainProblem(409, slug, { zh: `${what.zh}：${typed.zh}`, en: `${what.en}: ${typed.en}` }, typed.article ?? undefined, { code: typed.code });
    }
    const reason = err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : 'the workflow is not running / 流程未运行';
    throw new DomainProblem(409, slug, { zh: `${what.zh}：${reason}`, en: `${what.en}: ${reason}` }, undefined, { code: err instanceof WorkflowNotFoundError ? 'workflow-not-running' : 'refused' });
  }
  throw err;
}

function refusalDetails(d: unknown): { code: string; article: string | null; zh: string; en: string } | null {
  if (!d || typeof d !== 'object') return null;
  const r = d as Record<string, unknown>;
  return typeof r['code'] === 'string' && typeof r['zh'] === 'string' && typeof r['en'] === 'string'
    ? { code: r['code'], article: typeof r['article'] === 'string' ? r['article'] : null, zh: r['zh'], en: r['en'] }
    : null;
}
