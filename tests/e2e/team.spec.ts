import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect } from '@playwright/test'
import { SCREENS, startConsole } from './fixtures'

/** A team server (serve --team) whose first admin was made with the CLI, as an operator would. */
const test = base.extend<{}, { team: { url: string; dir: string; stop(): Promise<void> } }>({
  team: [
    async ({}, use) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-team-e2e-'))
      execFileSync(process.execPath, ['bin/control-console.mjs', 'team', 'add-user', '--team', dir, '--name', 'root', '--admin'], {
        env: { ...process.env, CONSOLE_TEAM_PASSWORD: 'root password 123' },
        stdio: 'pipe'
      })
      const c = await startConsole(['--team', dir])
      await use({ url: c.url, dir, stop: c.stop })
      await c.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' }
  ]
})

const signIn = async (page: import('@playwright/test').Page, url: string, name: string, password: string): Promise<void> => {
  await page.goto(url + '/')
  await page.getByLabel('User name').fill(name)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Sign out, and wait for the reload that follows to show the sign-in form. */
const signOut = async (page: import('@playwright/test').Page): Promise<void> => {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
}

test('a team server: sign in, manage users, switch workspace, and a viewer is refused changes', async ({ page, browser, team }) => {
  await page.goto(team.url + '/')
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
  await page.screenshot({ path: `${SCREENS}/team-login.png` })
  // a wrong password says so, without saying which part was wrong
  await signIn(page, team.url, 'root', 'not my password')
  await expect(page.getByRole('alert')).toContainText('wrong user name or password')

  await signIn(page, team.url, 'root', 'root password 123')
  await expect(page.locator('.team-controls .signed-in')).toHaveText('root · admin')
  await page.goto(team.url + '/#/settings/team')
  await expect(page.locator('.page-header h1')).toHaveText('Team')

  // a second workspace, and a viewer in it
  await page.getByLabel('Workspace title').fill('ML platform')
  await page.getByLabel('Workspace slug').fill('ml-platform')
  await page.getByRole('button', { name: 'Create workspace' }).click()
  await expect(page.getByRole('table', { name: 'Workspaces' })).toContainText('ml-platform')
  await page.getByLabel('New user name').fill('vera')
  await page.getByLabel('New user password').fill('vera password 123')
  await page.getByLabel('New user workspace').selectOption('ml-platform')
  await page.getByLabel('New user role').selectOption('viewer')
  await page.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByLabel('vera in ml-platform')).toHaveValue('viewer')
  await page.getByLabel('New user name').fill('eddie')
  await page.getByLabel('New user password').fill('eddie password 123')
  await page.getByLabel('New user workspace').selectOption('default')
  await page.getByLabel('New user role').selectOption('editor')
  await page.getByRole('button', { name: 'Add user' }).click()
  await expect(page.getByLabel('eddie in default')).toHaveValue('editor')
  await page.getByLabel('vera in default').selectOption('viewer')
  await expect(page.getByLabel('vera in default')).toHaveValue('viewer')
  await page.getByRole('heading', { name: 'Users' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SCREENS}/team-users.png`, fullPage: true })

  // switch workspace from the top bar
  await page.getByLabel('Workspace', { exact: true }).selectOption('ml-platform')
  await expect(page.getByLabel('Workspace', { exact: true })).toHaveValue('ml-platform')
  await expect(page.locator('.workspace-path')).toContainText('ml-platform.db')
  await signOut(page)

  // a viewer reads, and is told plainly that changes need another role
  await signIn(page, team.url, 'vera', 'vera password 123')
  await expect(page.locator('.team-controls .signed-in')).toHaveText('vera · viewer')
  const refused = await page.evaluate(async () => {
    const res = await fetch('/api/rpc/services:create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}'
    })
    return { status: res.status, body: await res.json() }
  })
  expect(refused.status).toBe(403)
  expect(refused.body.error.message).toMatch(/needs the editor role/)
  await page.goto(team.url + '/#/settings/team')
  await expect(page.getByRole('heading', { name: 'Users' })).toHaveCount(0)
  await page.getByLabel('Token name').fill('grafana')
  await page.getByRole('button', { name: 'Create token' }).click()
  await expect(page.locator('.token-once')).toContainText('ccu_')
  await page.screenshot({ path: `${SCREENS}/team-tokens.png`, fullPage: true })

  // preferences belong to the user: vera's dark theme comes back when she signs in, not for root
  await page.getByLabel('Preferred theme').selectOption('dark')
  await page.getByRole('button', { name: 'Save preferences' }).click()
  await expect(page.getByText('Saved.')).toBeVisible()
  await signOut(page)
  await signIn(page, team.url, 'root', 'root password 123')
  await expect(page.locator('.team-controls .signed-in')).toHaveText('root · admin')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await signOut(page)
  await signIn(page, team.url, 'vera', 'vera password 123')
  await expect(page.locator('.team-controls .signed-in')).toHaveText('vera · viewer')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')

  // removed from the workspace she is in: told so, and offered the ones she still has
  const admin = await (await browser.newContext()).newPage()
  await signIn(admin, team.url, 'root', 'root password 123')
  await expect(admin.locator('.team-controls .signed-in')).toHaveText('root · admin')
  const removed = await admin.evaluate(async () => {
    const users = (await (await fetch('/api/team/users')).json()).data as { id: number; name: string }[]
    const vera = users.find((u) => u.name === 'vera')!
    const body = JSON.stringify({ workspace: 'default', role: null })
    return (await fetch(`/api/team/users/${vera.id}/role`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })).status
  })
  expect(removed).toBe(200)
  await admin.context().close()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'No access to default' })).toBeVisible()
  await page.getByRole('button', { name: 'ML platform (viewer)' }).click()
  await expect(page.locator('.team-controls .signed-in')).toHaveText('vera · viewer')
  await expect(page.getByLabel('Workspace', { exact: true })).toHaveValue('ml-platform')
})
