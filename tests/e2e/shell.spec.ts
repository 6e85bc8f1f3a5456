import { AREAS } from '../../src/shared/areas'
import { expect, rpc, screenshot, test } from './fixtures'

test.describe('the shell in serve mode', () => {
  test('refuses the browser without the token', async ({ page, console: c }) => {
    const res = await page.goto(c.url + '/')
    expect(res!.status()).toBe(401)
    await expect(page.locator('body')).toContainText('UNAUTHORIZED')
  })

  for (const theme of ['light', 'dark'] as const) {
    test(`every page renders in the ${theme} theme`, async ({ page, console: c }) => {
      await page.emulateMedia({ colorScheme: theme })
      await page.goto(c.openUrl)
      await expect(page.locator('.workspace-name')).toHaveText('e2e-workspace')
      await expect(page.locator('.workspace-path')).toHaveText(c.workspace)
      for (const area of AREAS) {
        const link = page.locator(`.sidebar a[data-area="${area.id}"]`)
        const planned = (await link.getAttribute('class'))?.includes('soon') ?? false
        await link.click()
        await expect(page).toHaveURL(new RegExp(`#/${area.id}$`))
        await expect(page.locator('.page-header h1')).toHaveText(area.label)
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
        // an area not built yet says so plainly; a built one never does
        await expect(page.getByRole('heading', { name: 'Not available yet' })).toHaveCount(planned ? 1 : 0)
        await screenshot(page, `${theme}-${area.id}`)
      }
    })
  }

  test('theme switch overrides the OS', async ({ page, console: c }) => {
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(c.openUrl)
    await page.getByLabel('Theme', { exact: true }).selectOption('dark')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.reload()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByLabel('Theme', { exact: true }).selectOption('system')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  })

  test('command palette jumps to a page with the keyboard', async ({ page, console: c }) => {
    await page.goto(c.openUrl)
    await expect(page.locator('.workspace-name')).toHaveText(/./)
    await page.keyboard.press('Control+k')
    const dialog = page.getByRole('dialog', { name: 'Command palette' })
    await expect(dialog).toBeVisible()
    await page.keyboard.type('sett')
    await screenshot(page, 'palette')
    await page.keyboard.press('Enter')
    await expect(dialog).toBeHidden()
    await expect(page).toHaveURL(/#\/settings$/)
    await page.keyboard.press('Control+k')
    await page.keyboard.type('drift')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/drift$/)
    // actions too: the form opens
    await page.keyboard.press('Control+k')
    await page.keyboard.type('new model')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/models\/new$/)
  })

  test('palette finds rules, channels and sub-pages and switches the theme; skip link, heading focus and ? list', async ({
    page,
    console: c
  }) => {
    const channel = await rpc<{ id: number }>(c, 'alerts:createChannel', { name: 'pager-e2e-palette', config: { kind: 'desktop' } })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(c.openUrl)
    await expect(page.locator('.workspace-name')).toHaveText(/./)
    // the first Tab reaches the skip link; it puts focus on the page heading
    await expect(page.locator('.page-header h1')).toHaveText('Overview')
    await page.keyboard.press('Tab')
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('#content h1')).toBeFocused()
    // an object of another area: a notification channel
    await page.keyboard.press('Control+k')
    await page.keyboard.type('pager-e2e-pal')
    await expect(page.getByRole('option', { name: /channel.*pager-e2e-palette/ })).toBeVisible()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(new RegExp(`#/integrations/${channel.id}$`))
    // after navigating, focus is on the new page's heading
    await expect(page.locator('#content h1')).toBeFocused()
    // a sub-page
    await page.keyboard.press('Control+k')
    await page.keyboard.type('maintenance')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/services\/maintenance$/)
    // the theme command
    await page.keyboard.press('Control+k')
    await page.keyboard.type('theme: dark')
    await page.keyboard.press('Enter')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByLabel('Theme', { exact: true }).selectOption('system')
    // ? lists the shortcuts (not while typing in a field)
    await page.locator('#content h1').focus()
    await page.keyboard.press('?')
    const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await expect(list).toContainText('Open the command palette')
    await screenshot(page, 'shortcuts')
    await page.keyboard.press('Escape')
    await expect(list).toBeHidden()
  })

  test('keyboard users can reach every area with Tab', async ({ page, console: c }) => {
    await page.goto(c.openUrl)
    await expect(page.locator('.workspace-name')).toHaveText(/./)
    const reached = new Set<string>()
    for (let i = 0; i < 30 && reached.size < AREAS.length; i++) {
      await page.keyboard.press('Tab')
      const area = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.area)
      if (area) reached.add(area)
    }
    expect(reached.size).toBe(AREAS.length)
  })

  test('settings: rename, back up, restore, and a readable error', async ({ page, console: c }) => {
    await page.goto(c.openUrl + '#/settings')
    await page.goto(c.url + '/#/settings')
    await expect(page.getByRole('heading', { name: 'Storage by table' })).toBeVisible()
    await page.getByLabel('Workspace name').fill('Production desk')
    await page.getByRole('button', { name: 'Rename' }).click()
    await expect(page.locator('.workspace-name')).toHaveText('Production desk')
    await page.getByRole('button', { name: 'Back up now' }).click()
    await expect(page.getByRole('status')).toContainText('Backed up to')
    await expect(page.locator('.card', { hasText: 'Backups' }).locator('tbody tr')).toHaveCount(1)
    await page.getByLabel('Workspace name').fill('Changed later')
    await page.getByRole('button', { name: 'Rename' }).click()
    await expect(page.locator('.workspace-name')).toHaveText('Changed later')
    page.once('dialog', (d) => d.accept())
    await page.locator('.card', { hasText: 'Backups' }).locator('tbody tr').first().getByRole('button', { name: 'Restore' }).click()
    await expect(page.locator('.workspace-name')).toHaveText('Production desk')
    await page.getByLabel('Backup file path').fill('/definitely/not/here.db')
    page.once('dialog', (d) => d.accept())
    await page.getByRole('button', { name: 'Restore', exact: true }).last().click()
    await expect(page.getByRole('alert')).toContainText('does not exist')
    await screenshot(page, 'settings-after-restore')
  })
})
