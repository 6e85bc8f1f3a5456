import { describe, expect, it } from 'vitest'
import { errorSignature, normaliseMessage } from './fingerprint'

describe('error fingerprints', () => {
  it('replaces what varies between occurrences', () => {
    expect(
      normaliseMessage(
        'user 42 (u-9f3a0c1b2d) at 10.0.0.7:5432 sent "hello" to bob@example.com in 120ms; id 3f2b1c9e-1111-4c2d-8e3f-aaaaaaaaaaaa'
      )
    ).toBe('user <n> (u-<hex>) at <ip> sent <str> to <email> in <n>; id <uuid>')
  })

  it('groups the same error with different values, and tells different frames apart', () => {
    const trace = (order: number, fn = 'charge') =>
      `2026-01-05 ERROR failed\njava.net.SocketTimeoutException: Read timed out after ${order} ms\n\tat java.base/java.net.SocketInputStream.read(SocketInputStream.java:1)\n\tat com.shop.Gateway.${fn}(Gateway.java:88)`
    const a = errorSignature('api', trace(3000), 'failed')
    const b = errorSignature('api', trace(5000), 'failed')
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(a).toMatchObject({
      type: 'java.net.SocketTimeoutException',
      title: 'java.net.SocketTimeoutException: Read timed out after <n> ms',
      frames: ['java.net.SocketInputStream.read', 'com.shop.Gateway.charge']
    })
    expect(errorSignature('api', trace(1, 'refund'), 'failed').fingerprint).not.toBe(a.fingerprint)
    expect(errorSignature('web', trace(1), 'failed').fingerprint).not.toBe(a.fingerprint)
  })

  it('reads Python (innermost last), JavaScript and Go panics', () => {
    const py = errorSignature(
      's',
      'ERROR boom\nTraceback (most recent call last):\n  File "/srv/run.py", line 41, in main\n    x()\n  File "/srv/tax.py", line 12, in compute\n    1/0\nZeroDivisionError: division by zero',
      'boom'
    )
    expect(py).toMatchObject({ type: 'ZeroDivisionError', message: 'division by zero', frames: ['tax.py:compute', 'run.py:main'] })
    const js = errorSignature(
      's',
      'TypeError: Cannot read properties of undefined (reading "id")\n    at render (/app/src/view.js:10:5)\n    at async main (/app/src/index.js:3:1)',
      ''
    )
    expect(js).toMatchObject({ type: 'TypeError', frames: ['render (view.js)', 'main (index.js)'] })
    const go = errorSignature(
      's',
      'panic: runtime error: index out of range [5] with length 3\n\ngoroutine 1 [running]:\nmain.lookup(...)\n\t/app/main.go:12\nmain.main()\n\t/app/main.go:20 +0x1d',
      ''
    )
    expect(go).toMatchObject({
      type: 'panic',
      message: 'runtime error: index out of range [<n>] with length <n>',
      frames: ['main.lookup', 'main.main']
    })
    expect(errorSignature('s', 'could not connect to 10.1.2.3', 'could not connect to 10.1.2.3')).toMatchObject({
      type: '',
      title: 'could not connect to <ip>'
    })
  })
})
