#!/usr/bin/env node
// Prints the one closing line CI reads: "N passed, N failed, N skipped" over vitest and Playwright.
import fs from 'node:fs'

const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null)
let passed = 0
let failed = 0
let skipped = 0
const unit = read('test-results/vitest.json')
if (unit) {
  passed += unit.numPassedTests
  failed += unit.numFailedTests + (unit.numRuntimeErrorTestSuites ?? 0)
  skipped += unit.numPendingTests + unit.numTodoTests
} else failed += 1
const e2e = read('test-results/playwright.json')
if (e2e) {
  passed += e2e.stats.expected + e2e.stats.flaky
  failed += e2e.stats.unexpected + (e2e.errors?.length ?? 0)
  skipped += e2e.stats.skipped
} else if (process.argv.includes('--e2e')) failed += 1
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
