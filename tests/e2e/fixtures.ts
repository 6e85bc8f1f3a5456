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

/** A contract call over HTTP with the console's bearer token, for set-up steps that are not under test. */
export async function rpc<T = any>(c: Pick<Console, 'url' | 'token'>, channel: string, input?: unknown): Promise<T> {
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

/** Start a job through its command and wait for it to finish; its result. */
export async function runJob<T = any>(c: Pick<Console, 'url' | 'token'>, channel: string, input: unknown): Promise<T> {
  const { jobId } = await rpc<{ jobId: string }>(c, channel, input)
  for (let i = 0; i < 600; i++) {
    const job = await rpc<{ state: string; result: T; error: string | null }>(c, 'jobs:get', { id: jobId })
    if (job.state === 'done') return job.result
    if (['failed', 'cancelled', 'interrupted'].includes(job.state)) throw new Error(`${channel}: ${job.state} ${job.error ?? ''}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${channel}: still running after 60 s`)
}

/** The common desktop widths every screenshot is taken at (issue 12): `name.png` at the configured size, `name-1280.png` … */
export const SCREEN_WIDTHS = [1280, 1440, 1920] as const

/**
 * What sticks out sideways: the page scrolling horizontally, or a card, table scroller or stat tile whose content is
 * wider than its box (text cut off or a scrollbar inside a card). Empty when everything fits.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const root = document.scrollingElement ?? document.documentElement
    if (root.scrollWidth > root.clientWidth + 1) out.push(`the page is ${root.scrollWidth - root.clientWidth}px wider than the window`)
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')} "${(el.textContent ?? '').trim().slice(0, 60)}"`
    for (const el of Array.from(
      document.querySelectorAll('#content .card, #content .table-scroll, #content .stat-tile, #content .page-header')
    )) {
      const box = el as HTMLElement
      // a table of user-chosen columns (one per logged metric) may scroll inside its card when it says so
      if (box.offsetParent === null || box.classList.contains('scrolls')) continue
      if (box.scrollWidth > box.clientWidth + 1) out.push(`${describe(el)} overflows by ${box.scrollWidth - box.clientWidth}px`)
    }
    return out
  })
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS, { recursive: true })
  await page.waitForTimeout(350) // let charts finish their entry animation
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: false })
  const size = page.viewportSize()
  if (!size || process.env.E2E_ONE_WIDTH) return
  try {
    for (const width of SCREEN_WIDTHS) {
      await page.setViewportSize({ width, height: size.height })
      await page.waitForTimeout(250) // charts resize on a debounce
      await page.screenshot({ path: path.join(SCREENS, `${name}-${width}.png`), fullPage: false })
      expect(await horizontalOverflow(page), `${name} at ${width}px: nothing may stick out sideways`).toEqual([])
    }
  } finally {
    await page.setViewportSize(size)
  }
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
