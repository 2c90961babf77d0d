import express from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadWebConfig } from '@sme/runtime';

/**
 * The web gateway `npm start` runs: the built front end on one origin, each service behind /svc/<service>/ (so the
 * browser never needs CORS, and the services keep their own ports and paths), and index.html for client routes.
 */
function main(): void {
  const config = loadWebConfig();
  if (!existsSync(join(config.dist, 'index.html'))) {
    throw new Error(`no front end at ${config.dist}: run \`npm run build:web\` / 前端尚未构建`);
  }
  const app = express();
  app.disable('x-powered-by');
  for (const [service, target] of Object.entries(config.upstreams)) {
    app.use(`/svc/${service}`, createProxyMiddleware({ target, changeOrigin: false, xfwd: true }));
  }
  app.use(express.static(config.dist, { index: false, maxAge: '1h', immutable: false }));
  app.get(/^\/(?!svc\/).*/, (_req, res) => res.sendFile(join(config.dist, 'index.html'), { headers: { 'cache-control': 'no-cache' } }));
  const server = app.listen(config.port, config.host, () => {
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
