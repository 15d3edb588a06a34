import { defineConfig } from 'vitest/config';

// The dev server proxies the API's paths to `make run`'s API (same origin, as behind CloudFront).
const api = process.env.GISTCLOUD_API ?? 'http://localhost:5080';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: {
    proxy: { '/api': api, '/health': api, '/openapi': api, '/docs': api },
  },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
