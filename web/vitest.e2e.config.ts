import { defineConfig } from 'vitest/config';

// Browser tests: one real stack (DynamoDB Local, the fakes, the API) for the whole run, started in globalSetup.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/stack.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
