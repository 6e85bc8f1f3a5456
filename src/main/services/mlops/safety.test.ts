/** Served with --allow-remote, defining or changing jobs needs --allow-jobs; reading and running defined jobs does not. */
import { afterEach, expect, it } from 'vitest'
import { servedApp, type ServedApp } from '../../../../tests/helpers/serve'
import { serveNetwork } from '../../cli'

let s: ServedApp | undefined
afterEach(async () => {
  await s?.cleanup()
  s = undefined
})

it('locks the job-defining channels on a remote server unless --allow-jobs is given', async () => {
  const env = {}
  const remote = serveNetwork({ host: '127.0.0.1', 'allow-remote': true, 'data-root': ['/tmp'] }, env).options
  expect([...(remote.locked?.channels ?? [])]).toEqual(['mlops:saveJob', 'mlops:importMlproject'])
  expect(serveNetwork({ host: '127.0.0.1', 'allow-remote': true, 'allow-jobs': true }, env).options.locked).toBeUndefined()
  expect(serveNetwork({ host: '127.0.0.1' }, env).options.locked).toBeUndefined()
  expect(() => serveNetwork({ host: '127.0.0.1', 'allow-jobs': true }, env)).toThrow(/--allow-jobs goes with --allow-remote/)

  s = await servedApp({ locked: remote.locked })
  const job = { name: 'j', command: 'true', workingDir: '/tmp' }
  const refused = await s.rpc('mlops:saveJob', job)
  expect(refused.status).toBe(403)
  expect(refused.json.error.message).toContain('--allow-jobs')
  expect((await s.rpc('mlops:jobs', {})).status).toBe(200)
  expect(s.app.mlops.jobDefinitions()).toEqual([])
})
