import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, rpc, screenshot, startConsole, test } from './fixtures'

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')
const EXAMPLE = path.join(repoRoot, 'examples/extensions/http-tools')

let c: Awaited<ReturnType<typeof startConsole>>
test.beforeAll(async () => {
  c = await startConsole()
})
test.afterAll(async () => {
  await c?.stop()
})

/** The example packed as npm does (package/…), signed with a fresh publisher key, listed in a local catalogue index. */
function publishExample(dir: string) {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519')
  const work = fs.mkdtempSync(path.join(dir, 'pack-'))
  fs.cpSync(EXAMPLE, path.join(work, 'package'), { recursive: true })
  const archive = path.join(dir, 'http-tools-1.0.0.tgz')
  execFileSync('tar', ['-czf', archive, '-C', work, 'package'])
  const bytes = fs.readFileSync(archive)
  const index = {
    extensions: [
      {
        id: 'http-tools',
        name: 'HTTP tools (example)',
        publisher: 'control-console',
        description: 'A keyword check kind and a POST-JSON notification channel.',
        versions: [
          {
            version: '1.0.0',
            url: 'http-tools-1.0.0.tgz',
            sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
            signature: crypto.sign(null, bytes, privateKey).toString('base64'),
            engines: '>=0.1.0'
          }
        ]
      }
    ]
  }
  fs.writeFileSync(path.join(dir, 'catalogue.json'), JSON.stringify(index, null, 2))
  return {
    key: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64'),
    catalogue: path.join(dir, 'catalogue.json')
  }
}

test.describe('extensions', () => {
  test('browse the catalogue, grant permissions in the prompt, watch the extension run, refuse unsigned without consent', async ({
    page
  }) => {
    test.setTimeout(120_000)
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && !/frame-ancestors|400 \(Bad Request\)/.test(m.text()) && errors.push(m.text()))
    await page.goto(c.openUrl + '#/extensions')
    // the console's own integrations are built-in extensions: listed with the others, trusted, started when needed
    for (const name of ['Slack', 'PagerDuty', 'OpsGenie', 'GitHub deployments'])
      await expect(page.getByRole('row', { name: new RegExp(`^${name} control-console`) })).toContainText('built in')

    const pub = publishExample(c.dir)
    await rpc(c, 'extensions:setSettings', {
      catalogue: pub.catalogue,
      trustedKeys: [{ publisher: 'control-console', publicKey: pub.key }]
    })

    await page.goto(c.url + '/#/extensions/catalogue')
    const row = page.getByRole('row', { name: /HTTP tools \(example\)/ })
    await expect(row).toBeVisible()
    await expect(row.getByRole('button', { name: 'Install' })).toBeVisible()
    await screenshot(page, 'extensions-catalogue')

    await row.getByRole('button', { name: 'Install' }).click()
    const prompt = page.getByRole('region', { name: 'Permission prompt' })
    await expect(prompt.getByText('Signed by control-console')).toBeVisible()
    await expect(prompt.getByText('Read your services and their checks')).toBeVisible()
    await expect(prompt.getByText('Send requests to http://127.0.0.1:8787 (through the console)')).toBeVisible()
    await screenshot(page, 'extensions-permission-prompt')
    await prompt.getByRole('button', { name: 'Install' }).click()

    await expect(page).toHaveURL(/#\/extensions\/http-tools$/)
    await expect(page.getByRole('heading', { name: 'HTTP tools (example)' })).toBeVisible()
    // it activates on demand (onCheck, onChannel): running its command starts its process
    await expect(page.locator('.page-header .pill')).toHaveText('stopped')
    await page.getByRole('button', { name: 'Run' }).click()
    await expect(page.getByLabel('Command result')).toHaveText('[]', { timeout: 20_000 })
    await expect(page.locator('.page-header .pill')).toHaveText('active', { timeout: 20_000 })
    await expect(page.getByText(/http-tools ready/)).toBeVisible({ timeout: 10_000 })
    await expect(page.getByText('Page contains a keyword (ext:http-tools/keyword)')).toBeVisible()
    await screenshot(page, 'extensions-extension-page')

    await page.goto(c.url + '/#/extensions')
    const listed = page.getByRole('row', { name: /HTTP tools/ })
    await expect(listed.getByText('active')).toBeVisible()
    await expect(listed.getByText(/MB|kB/)).toBeVisible()

    // the same extension from its folder: unsigned, an update of 1.0.0, and Install waits for explicit consent
    await page.goto(c.url + '/#/extensions/install')
    await page.getByRole('combobox', { name: 'From' }).selectOption('folder')
    await page.getByRole('textbox', { name: 'Path' }).fill(EXAMPLE)
    await page.getByRole('button', { name: 'Check and continue' }).click()
    const unsigned = page.getByRole('region', { name: 'Permission prompt' })
    await expect(unsigned.getByText('Unsigned extension')).toBeVisible()
    await expect(unsigned.getByText('installed from a folder (not signed)', { exact: false })).toBeVisible()
    await expect(unsigned.getByRole('button', { name: 'Update' })).toBeDisabled()
    await unsigned.getByRole('checkbox', { name: /install it unsigned/ }).check()
    await expect(unsigned.getByRole('button', { name: 'Update' })).toBeEnabled()
    await screenshot(page, 'extensions-unsigned-prompt')
    await unsigned.getByRole('button', { name: 'Cancel' }).click()

    // disable from its page
    await page.goto(c.url + '/#/extensions/http-tools')
    // its view has made its call (a call after Disable would be refused, 409)
    await expect(page.frameLocator('iframe[title$="(extension view)"]').locator('#services li').first()).not.toHaveText('Loading…')
    await page.getByRole('button', { name: 'Disable' }).click()
    await expect(page.locator('.page-header .pill')).toHaveText('disabled')
    await expect(page.getByRole('button', { name: 'Enable' })).toBeVisible()
    expect(errors).toEqual([])
  })
})
