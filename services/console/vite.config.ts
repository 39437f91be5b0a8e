import { defineConfig } from 'vite';

// The gateway serves dist/ at `/`; `npm run dev -w @tenantry/console` proxies the API to a local gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/api': gateway,
    },
  },
});
