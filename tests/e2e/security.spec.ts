import { expect, test } from './fixtures'

test.describe('serve mode sessions in the browser', () => {
  test('the token URL signs in, then the address bar shows no token and scripts cannot read the cookie', async ({ page, console: c }) => {
    await page.goto(c.openUrl + '#/settings')
    await expect(page).toHaveURL(new RegExp(`^${c.url}/#/settings$`))
    await expect(page.locator('.page-header h1')).toHaveText('Settings')
    expect(await page.evaluate(() => document.cookie)).toBe('')
    const cookies = await page.context().cookies()
    expect(cookies.map((k) => k.name)).toEqual(['cc_session'])
    expect(cookies[0]!.value).not.toBe(c.token)
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    // secrets in serve mode are sealed with the key file, and Settings says where
    await expect(page.getByTestId('secret-store')).toContainText('key file')
    await expect(page.getByTestId('secret-store')).toContainText('.control-console.key')
  })

  test('logging out ends the session on the server, not just in the browser', async ({ page, console: c }) => {
    await page.goto(c.openUrl)
    await expect(page.locator('.workspace-name')).toHaveText('e2e-workspace')
    const [session] = await page.context().cookies()
    const out = await page.evaluate(async () => (await fetch('/api/session', { method: 'DELETE' })).status)
    expect(out).toBe(200)
    expect(await page.context().cookies()).toEqual([])
    await page.context().addCookies([session!]) // a copied cookie is worth nothing after log-out
    const res = await page.goto(c.url + '/')
    expect(res!.status()).toBe(401)
    await expect(page.locator('body')).toContainText('session has expired or was ended')
  })
})
