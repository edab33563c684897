import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{domain,ledger,projections,graphql,inference,ops}/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
