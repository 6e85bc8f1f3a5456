import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

export interface Console {
  url: string
  openUrl: string
  token: string
  workspace: string
  dir: string
}

export const SCREENS = path.resolve('test-results/screens')

/** Start the built CLI in serve mode on a fresh workspace; stop it after the worker. */
export async function startConsole(
  extraArgs: string[] = [],
  env: Record<string, string> = {}
): Promise<Console & { proc: ChildProcess; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-e2e-'))
  const workspace = path.join(dir, 'e2e-workspace.db')
  const proc = spawn(process.execPath, ['bin/control-console.mjs', 'serve', '--port', '0', ...extraArgs], {
    env: { ...process.env, CONSOLE_WORKSPACE: workspace, CONSOLE_E2E: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  proc.stderr!.on('data', (d) => (stderr += d))
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${stderr}`)), 20_000)
    proc.stdout!.on('data', (d) => {
      out += d
      const m = /Open (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    proc.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
  })
  const url = new URL(openUrl)
  return {
    proc,
    url: url.origin,
    openUrl,
    token: url.searchParams.get('token')!,
    workspace,
    dir,
    stop: async () => {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * The console a spec's tests share. A spec whose data must not show in the others (registry models, services) sets
 * `test.use({ ownConsole: true })`: Playwright then runs it in a worker, with a console, of its own.
 */
export const test = base.extend<{}, { console: Console; ownConsole: boolean }>({
  ownConsole: [false, { option: true, scope: 'worker' }],
  console: [
    async ({ ownConsole: _own }, use) => {
      const c = await startConsole()
      await use(c)
      await c.stop()
    },
    { scope: 'worker' }
  ]
})

/** A contract call over HTTP with a console's bearer token, for set-up steps that are not under test. */
export async function rpcCall<T = any>(c: Console, channel: string, input?: unknown): Promise<T> {
  const res = await fetch(`${c.url}/api/rpc/${channel}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input)
  })
  const env = (await res.json()) as { ok: boolean; data: T; error?: { message: string } }
  if (!env.ok) throw new Error(`${channel}: ${env.error?.message}`)
  return env.data
}

/** Sign in through the console's one-time URL (sets the session cookie), then open a route of the app. */
export async function openRoute(page: Page, c: Console, route: string, theme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  await page.goto(c.openUrl)
  await page.goto(`${c.url}/#${route}`)
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true })
  await page.waitForTimeout(350) // let charts finish their entry animation
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: false })
}

/** Whether a command-line tool (pdftotext, pdftoppm …) is on the PATH. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export { expect }
