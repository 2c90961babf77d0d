import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthController } from './health.controller';
import type { ProblemDetails } from './problem-details';

/** What a service's `GET /api/health` answers. */
export type Liveness = ReturnType<HealthController['health']>;
/** What a service's `GET /api/ready` answers when it is ready. */
export type Readiness = Awaited<ReturnType<HealthController['ready']>>;

/** What keeps a process from doing its work now, one phrase each (in English); none: ready. */
export type NotReady = () => string[] | Promise<string[]>;

/**
 * `GET /api/health` (200 while the process is up) and `GET /api/ready` (200 when `notReady` finds nothing, else 503
 * naming what it found) for a process that is not a Nest service: the same routes and answers as HealthController.
 * Any other request goes to `next`, or without one is a 404.
 */
export function healthHandler(notReady: NotReady): (req: IncomingMessage, res: ServerResponse, next?: () => void) => void {
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const asked = req.method === 'GET' || req.method === 'HEAD' ? path : null;
    if (asked === '/api/health') {
      answer(res, 200, { status: 'ok' } satisfies Liveness);
    } else if (asked === '/api/ready') {
      void readiness(notReady).then((reasons) =>
        reasons.length === 0
          ? answer(res, 200, { status: 'ready' } satisfies Readiness)
          : answer(res, 503, problem(503, 'Service Unavailable', path, { zh: `尚未就绪：${reasons.join('；')}`, en: `not ready: ${reasons.join('; ')}` })),
      );
    } else if (next) {
      next();
    } else {
      answer(res, 404, problem(404, 'Not Found', path, { zh: `没有此路径：${req.method} ${path}`, en: `Cannot ${req.method} ${path}` }));
    }
  };
}

async function readiness(notReady: NotReady): Promise<string[]> {
  try {
    return await notReady();
  } catch (err) {
    return [`the readiness check failed: ${String(err)}`];
  }
}

function problem(status: number, title: string, instance: string, message: { zh: string; en: string }): ProblemDetails {
  return { type: 'about:blank', title, status, detail: message.en, message, instance };
}

function answer(res: ServerResponse, status: number, body: Liveness | Readiness | ProblemDetails): void {
  res.writeHead(status, { 'content-type': `${status < 400 ? 'application/json' : 'application/problem+json'}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
