import { Controller, Get, Header, type INestApplication, Logger } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@sme/auth';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process: default Node metrics plus HTTP request durations by route and status. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });
const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

@ApiExcludeController()
/** Prometheus scrapes without a token; the endpoint exposes counters and timings only, never business data. */
@Public()
@Controller()
export class MetricsController {
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Every request gets an id (the caller's `x-request-id` when well-formed, else a new one), echoed in the response
 * and logged as one structured line with its route, status and duration.
 */
export function useRequestObservability(app: INestApplication, service: string): void {
  const logger = new Logger('http');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const given = req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      httpDuration.labels(req.method, route, String(res.statusCode)).observe(seconds);
      if (route !== '/metrics') {
        // The sign-on callback carries the provider's code and state in its query: auth paths are logged without it.
        const path = req.originalUrl.startsWith('/api/auth/') ? req.originalUrl.split('?')[0] : req.originalUrl;
        logger.log(JSON.stringify({ service, requestId, method: req.method, path, route, status: res.statusCode, ms: Math.round(seconds * 1000) }));
      }
    });
    next();
  });
}
