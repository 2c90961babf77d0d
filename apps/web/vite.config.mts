import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web front end. `vite build` writes dist/web, which the gateway (server/main.ts) serves with the APIs behind
 * /svc/<service>/; `vite` (development) proxies the same prefixes to the services on their default ports.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // The pure files of the workspace the front end shares (roles; answer types; the stage names; how money reads): nothing else of ours.
  resolve: {
    alias: {
      '@sme/auth/roles': fileURLToPath(new URL('../../libs/auth/src/roles.ts', import.meta.url)),
      '@sme/contracts/recipients': fileURLToPath(new URL('../../libs/contracts/src/recipients.ts', import.meta.url)),
      '@sme/contracts/operations': fileURLToPath(new URL('../../libs/contracts/src/operations.ts', import.meta.url)),
      '@sme/contracts/application': fileURLToPath(new URL('../../libs/contracts/src/application.ts', import.meta.url)),
      '@sme/policy/money': fileURLToPath(new URL('../../libs/policy/src/money.ts', import.meta.url)),
    },
  },
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    proxy: {
      '/svc/applications': { target: 'http://127.0.0.1:3001', rewrite: (p) => p.replace(/^\/svc\/applications/, '') },
      '/svc/scoring': { target: 'http://127.0.0.1:3002', rewrite: (p) => p.replace(/^\/svc\/scoring/, '') },
      '/svc/notifications': { target: 'http://127.0.0.1:3003', rewrite: (p) => p.replace(/^\/svc\/notifications/, '') },
    },
  },
});
