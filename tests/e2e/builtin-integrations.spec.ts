import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, rpc, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const EVENT = fs.readFileSync(
  path.join(repoRoot, 'extensions/builtin/github-deployments/__fixtures__/deployment_status.success.json'),
  'utf8'
)
const SECRET = 'e2e webhook secret'

let c: Awaited<ReturnType<typeof startConsole>>
test.beforeAll(async () => {
  c = await startConsole()
})
test.afterAll(async () => {
  await c?.stop()
})

/** A GitHub webhook delivery: no console token, the event name and the body's HMAC-SHA256 with the secret. */
async function fromGitHub(body: string) {
  const res = await fetch(`${c.url}/api/hooks/ext/github-deployments/deployments`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'deployment_status',
      'x-hub-signature-256': `sha256=${crypto.createHmac('sha256', SECRET).update(body).digest('hex')}`
    },
    body
  })
  expect(res.status).toBe(201)
}

test('the built-in integrations: listed as extensions, an OpsGenie channel from the form, GitHub deployments as markers', async ({
  page
}) => {
  test.setTimeout(90_000)
  await page.goto(c.openUrl + '#/extensions')
  const github = page.getByRole('row', { name: /^GitHub deployments control-console/ })
  await expect(github).toContainText('built in')
  await expect(github).toContainText('stopped')
  await screenshot(page, 'extensions-builtins')
  await github.getByRole('link', { name: 'GitHub deployments' }).click()
  await expect(page.getByText('Record deploy markers for your services')).toBeVisible()
  await expect(page.locator('dd', { hasText: 'built into the console' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Uninstall' })).toHaveCount(0)

  await page.goto(c.url + '/#/integrations/new')
  await page.getByLabel('Kind').selectOption('opsgenie')
  await page.getByLabel('Name', { exact: true }).fill('on-call (OpsGenie)')
  await page.getByLabel('API key').fill('eb243592-faa2-4ba2-a551-1afdf565c889')
  await page.getByLabel('Region').selectOption('eu')
  await page.getByLabel('Tags').fill('team:core')
  await screenshot(page, 'integrations-opsgenie')
  await page.getByRole('button', { name: 'Create channel' }).click()
  await expect(page).toHaveURL(/#\/integrations$/)
  const row = page.locator('.channels-table tr', { hasText: 'on-call (OpsGenie)' })
  await expect(row).toContainText('OpsGenie')
  await expect(row).toContainText('✓ set')
  const [channel] = (await rpc<{ name: string; kind: string; config: Record<string, unknown> }[]>(c, 'alerts:channels')).filter(
    (ch) => ch.name === 'on-call (OpsGenie)'
  )
  expect(channel).toMatchObject({ kind: 'ext:opsgenie/opsgenie', config: { settings: { region: 'eu', tags: ['team:core'] } } })

  await rpc(c, 'services:create', { name: 'hello-web', checks: [] })
  await rpc(c, 'extensions:setSettingsOf', {
    id: 'github-deployments',
    values: { secret: SECRET, services: { 'Codertocat/Hello-World': 'hello-web' } }
  })
  const now = Date.now()
  const at = (ms: number) => new Date(now - ms).toISOString()
  const event = JSON.parse(EVENT)
  event.deployment_status.created_at = at(3_600_000)
  await fromGitHub(JSON.stringify(event))
  event.deployment.ref = 'release-2'
  event.deployment.sha = 'c0ffee5bd8fca8fcc58a9a2d6c842781e32a215e'
  event.deployment_status.state = 'failure'
  event.deployment_status.description = 'rollout timed out'
  event.deployment_status.created_at = at(600_000)
  await fromGitHub(JSON.stringify(event))

  await page.goto(c.url + '/#/testing/deploys')
  const failed = page.getByRole('row', { name: /release-2@c0ffee5bd8fc/ })
  await expect(failed).toContainText('deploy failed')
  await expect(page.getByRole('row', { name: /master@f95f852bd8fc/ })).not.toContainText('deploy failed')
  await screenshot(page, 'testing-deploys-github')
})
