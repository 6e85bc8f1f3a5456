import { defineConfig } from 'vitest/config'

// CONSOLE_UNIT_ONLY=<glob,…> narrows the run, so scripts/test-without-browser.mjs can run `npm test` end to end quickly
const only = process.env.CONSOLE_UNIT_ONLY?.split(',').filter(Boolean)

export default defineConfig({
  test: {
    include: only?.length
      ? only
      : ['src/**/*.test.ts', 'extensions/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: only?.length ? 'test-results/vitest-subset.json' : 'test-results/vitest.json' }
  }
})
