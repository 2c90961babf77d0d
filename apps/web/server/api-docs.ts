import express, { type Router } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeServiceDocuments, PROBLEM_BASE } from '@sme/runtime';
import { dirname } from 'node:path';

/** How long the merged document is kept before the services are asked again (they change only on a deployment). */
const CACHE_MS = 60_000;

const INFO: OpenAPIObject['info'] = {
  title: '厦门市中小企业公共服务示范平台 API / Xiamen SME Public Service Demonstration Platforms API',
  version: '0.1.0',
  description: [
    '三个服务经网关 /svc/<service> 提供的全部接口，按业务概念分组。/ Every operation of the three services as reached through this gateway at /svc/<service>, grouped by concept.',
    '',
    '- x-access：可调用的角色，public 为无需登录。/ who may call an operation; public needs no sign-in.',
    '- 400：请求不符合本文档的结构；422：符合结构但违反规则（原因与条款见 problem 正文）。/ 400 breaks the schema; 422 matches it but breaks a rule (reason and article in the problem).',
    '- 开放数据：/svc/applications/api/public/{platforms,notices}.{csv,json,xlsx} 与 /svc/applications/api/public/feed.atom。/ Open data: the register and the notices as downloads, and the Atom feed.',
  ].join('\n'),
};

/** The page that shows the document (its script is a file: the gateway's policy allows no inline script). */
const PAGE = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <title>接口文档 / API</title>
    <link rel="stylesheet" href="/api-docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="api-docs"></div>
    <script src="/api-docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api-docs/init.js"></script>
  </body>
</html>
`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/api-docs/openapi.json', dom_id: '#api-docs', deepLinking: true, docExpansion: 'none', filter: true });\n`;

/**
 * One OpenAPI document for the whole system at /api-docs/openapi.json (each service's document merged, paths as the
 * gateway serves them), browsable at /api-docs. `documentOf(service)` reads a service's own document.
 */
export function apiDocs(services: string[], documentOf: (service: string) => Promise<OpenAPIObject>): Router {
  const router = express.Router();
  let cached: { at: number; doc: OpenAPIObject } | null = null;
  router.get('/api-docs/openapi.json', async (_req, res) => {
    try {
      if (!cached || Date.now() - cached.at > CACHE_MS) {
        const docs = await Promise.all(services.map(async (s) => [s, await documentOf(s)] as const));
        cached = { at: Date.now(), doc: mergeServiceDocuments(Object.fromEntries(docs), INFO) };
      }
      res.json(cached.doc);
    } catch (err) {
      res.setHeader('Retry-After', '5');
      res.status(503).type('application/problem+json').json({
        type: `${PROBLEM_BASE}/service-unavailable`,
        title: 'Service Unavailable',
        status: 503,
        detail: `a service did not give its document: ${err instanceof Error ? err.message : String(err)}`,
        message: { zh: '暂时无法汇总接口文档，请稍后重试', en: 'the API document cannot be assembled right now: retry shortly' },
      });
    }
  });
  router.get('/api-docs', (_req, res) => res.type('html').set('cache-control', 'no-cache').send(PAGE));
  router.get('/api-docs/init.js', (_req, res) => res.type('application/javascript').send(INIT));
  router.use('/api-docs/assets', express.static(dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1h' }));
  return router;
}
