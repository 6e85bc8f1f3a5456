import { afterEach } from 'vitest'
import { tempApp, type TestApp } from './app'

/**
 * A temporary app per test, and things to close after it (loopback servers): call in a test file's top level; `open()`
 * in a test makes the app, `closeAfter()` registers a closer. Both are undone after each test.
 */
export function appPerTest() {
  let current: TestApp | undefined
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of closers.splice(0)) await c()
    await current?.cleanup()
    current = undefined
  })
  return {
    open(opts: Parameters<typeof tempApp>[0] = {}): TestApp {
      current = tempApp(opts)
      return current
    },
    closeAfter(close: () => Promise<void>): void {
      closers.push(close)
    }
  }
}
