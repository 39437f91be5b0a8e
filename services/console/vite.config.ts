import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The gateway serves dist/ at `/`; `npm run dev -w @tenantry/console` proxies the API to a local gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/',
  resolve: {
    // The lifecycle and input rules come from tenant-domain's source (ES modules, `sideEffects: false`), so
    // the bundle keeps only the modules the console uses (lifecycle.ts, external-database.ts), without zod.
    alias: {
      '@tenantry/tenant-domain': fileURLToPath(new URL('../../libs/tenant-domain/src/index.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/api': gateway,
    },
  },
});
