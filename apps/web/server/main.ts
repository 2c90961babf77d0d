import express, { type Request, type Response } from 'express';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { healthHandler, loadWebConfig, PROBLEM_BASE } from '@sme/runtime';
import type { OpenAPIObject } from '@nestjs/swagger';
import { apiDocs } from './api-docs';

/**
 * The web gateway `npm start` runs: the built front end on one origin, each service behind /svc/<service>/ (so the
 * browser never needs CORS, and the services keep their own ports and paths), its own /api/health and /api/ready, and
 * index.html for client routes.
 */
/** A service's instances, taken in turn; one that failed is left out for a moment (all down: each is tried again). */
class UpstreamPool {
  private next = 0;
  private readonly downUntil = new Map<string, number>();
  constructor(
    private readonly service: string,
    private readonly targets: string[],
  ) {}

  pick(): string {
    const now = Date.now();
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[(this.next + i) % this.targets.length]!;
      if ((this.downUntil.get(t) ?? 0) <= now) {
        this.next = (this.next + i + 1) % this.targets.length;
        return t;
      }
    }
    this.next = (this.next + 1) % this.targets.length;
    return this.targets[this.next]!;
  }

  get size(): number {
    return this.targets.length;
  }

  failed(target: string | undefined): void {
    const t = this.targets.find((x) => target !== undefined && new URL(x).host === new URL(target).host);
    if (t) this.downUntil.set(t, Date.now() + 2000);
  }

  /** The first 2xx answer of `ask`, asking each instance in turn; one that cannot be reached is left out, as for the API. */
  async firstOk(ask: (target: string) => Promise<globalThis.Response>): Promise<globalThis.Response> {
    let last: unknown;
    for (let i = 0; i < this.size; i++) {
      const target = this.pick();
      try {
        const res = await ask(target);
        if (res.ok) return res;
        void res.body?.cancel();
        last = new Error(`${this.service} answered ${res.status}`);
      } catch (err) {
        this.failed(target);
        last = err;
      }
    }
    throw last;
  }
}

/** How long the gateway's readiness waits for the services' (the probe's own timeout is 5 s). */
const READY_TIMEOUT_MS = 2000;

/**
 * The services none of whose instances answers its /api/ready within READY_TIMEOUT_MS, asked at most once a second
 * however often the gateway's own /api/ready is asked (it is public).
 */
function servicesNotReady(pools: Map<string, UpstreamPool>): () => Promise<string[]> {
  let last: { at: number; answer: Promise<string[]> } | undefined;
  const check = async (): Promise<string[]> => {
    const signal = AbortSignal.timeout(READY_TIMEOUT_MS);
    const down = await Promise.all(
      [...pools].map(async ([service, pool]) => {
        try {
          void (await pool.firstOk((target) => fetch(`${target}/api/ready`, { signal }))).body?.cancel();
          return [];
        } catch {
          return [`the ${service} service is not ready`];
        }
      }),
    );
    return down.flat();
  };
  return () => {
    if (!last || Date.now() - last.at >= 1000) last = { at: Date.now(), answer: check() };
    return last.answer;
  };
}

function unavailable(res: Response | Socket, service: string, err: Error): void {
  if (!('writeHead' in res)) {
    res.destroy();
    return;
  }
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  res.setHeader('Retry-After', '1');
  res.status(503).type('application/problem+json').json({
    type: `${PROBLEM_BASE}/service-unavailable`,
    title: 'Service Unavailable',
    status: 503,
    detail: `the ${service} service did not answer; nothing was lost: retry with the same Idempotency-Key`,
    message: { zh: `${service} 服务暂时无法响应，请稍后重试（可使用相同的 Idempotency-Key 重试）`, en: `the ${service} service did not answer; retry shortly with the same Idempotency-Key` },
  });
}

/**
 * The headers every answer carries: a Content-Security-Policy that allows our own scripts only (antd writes its
 * styles at run time, so inline styles are allowed; no inline script, no framing by anyone), nosniff, no referrer
 * (a one-time link's token is in the fragment, but nothing else of our URLs should leave either), and HSTS once the
 * browser reached us over TLS (a terminating proxy says so in X-Forwarded-Proto).
 */
function securityHeaders(): express.RequestHandler {
  const base = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000, includeSubDomains: true });
  return (req, res, next) => base(req, res, () => (req.secure ? hsts(req, res, next) : next()));
}

function main(): void {
  const config = loadWebConfig();
  if (!existsSync(join(config.dist, 'index.html'))) {
    throw new Error(`no front end at ${config.dist}: run \`npm run build:web\` / 前端尚未构建`);
  }
  const app = express();
  app.disable('x-powered-by');
  // The address and scheme the browser used, from a proxy in front that we trust (TLS ends there).
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders());
  // Only the services' APIs pass: their documents and metrics are for operators on the services' own ports, not for
  // the public (an allow-list, so no spelling of a path reaches them).
  if (!config.exposeDocs) {
    app.use((req, res, next) => {
      // Express matches the mounts below without regard to case: so does this check.
      const p = req.path.toLowerCase();
      if (!p.startsWith('/svc/') || /^\/svc\/[a-z]+\/api\//.test(p)) return next();
      res.status(404).type('application/problem+json').json({
        type: `${PROBLEM_BASE}/not-found`,
        title: 'Not Found',
        status: 404,
        detail: 'service documents and metrics are not published through the gateway',
        message: { zh: '网关不公开服务的接口文档与监控指标', en: 'service documents and metrics are not published through the gateway' },
      });
    });
  }
  const pools = new Map(Object.entries(config.upstreams).map(([service, targets]) => [service, new UpstreamPool(service, targets)]));
  // GET /api/health: the process is up; GET /api/ready: every service answers its own (the probes'; before the front
  // end's catch-all, outside /svc).
  app.use(healthHandler(servicesNotReady(pools)));
  // One document for the whole system, browsable (the services' own documents stay on their ports).
  app.use(
    apiDocs([...pools.keys()], async (service) => {
      const res = await pools.get(service)!.firstOk((target) => fetch(`${target}/docs/json`, { signal: AbortSignal.timeout(5000) }));
      return (await res.json()) as OpenAPIObject;
    }),
  );
  // The client address the services limit requests by is the one this gateway saw (its own trusted proxies
  // considered), never a header the client wrote: X-Forwarded-For is replaced, not appended to.
  app.use('/svc', (req, _res, next) => {
    req.headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
    req.headers['x-forwarded-proto'] = req.protocol;
    next();
  });
  for (const [service, targets] of Object.entries(config.upstreams)) {
    const pool = pools.get(service)!;
    app.use(
      `/svc/${service}`,
      createProxyMiddleware<Request, Response>({
        target: targets[0],
        router: () => pool.pick(),
        changeOrigin: false,
        xfwd: false, // set above, from what the gateway saw
        // An instance that is down or dies mid-request is the caller's 503 with Retry-After (never a bare 502/504):
        // the request may be retried, with its Idempotency-Key, and the next one goes to another instance.
        on: {
          error: (err, _req, res, target) => {
            pool.failed(typeof target === 'string' ? target : (target as { href?: string } | undefined)?.href);
            unavailable(res as Response | Socket, service, err);
          },
        },
      }),
    );
  }
  app.use(express.static(config.dist, { index: false, maxAge: '1h', immutable: false }));
  app.get(/^\/(?!svc\/|api-docs).*/, (_req, res) => res.sendFile(join(config.dist, 'index.html'), { headers: { 'cache-control': 'no-cache' } }));
  // Express 5 calls this back with the error when the port cannot be had (EADDRINUSE): then say so and exit non-zero,
  // never announce an address nothing listens on.
  const server = app.listen(config.port, config.host, (err?: Error) => {
    if (err) {
      process.stderr.write(`网站启动失败：无法监听 ${config.host}:${config.port} / web gateway failed to start: cannot listen on ${config.host}:${config.port}: ${err.message}\n`);
      process.exit(1);
    }
    const a = server.address();
    const port = typeof a === 'object' && a ? a.port : config.port;
    process.stdout.write(`web: http://${config.host}:${port}/ (services behind /svc/<service>/)\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (err) {
  process.stderr.write(`网站启动失败 / web gateway failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
