import os from 'node:os'
import path from 'node:path'

export const APP_DIR_NAME = 'Control Console'

/** The OS user-data folder, matching Electron's app.getPath('userData'). */
export function userDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME)
}

export const defaultWorkspacePath = (): string => path.join(userDataDir(), 'workspace.db')

/** --workspace beats CONSOLE_WORKSPACE beats the OS default. */
export function resolveWorkspacePath(flag?: string, env = process.env, fallback = defaultWorkspacePath()): string {
  const chosen = flag ?? env.CONSOLE_WORKSPACE ?? fallback
  return path.resolve(chosen)
}

/** E2E and test runs must never touch the user's real workspace. */
export function assertSafeForTests(workspacePath: string, env = process.env, real = defaultWorkspacePath()): void {
  if (env.CONSOLE_E2E !== '1') return
  if (!env.CONSOLE_WORKSPACE) throw new Error('CONSOLE_E2E=1 requires CONSOLE_WORKSPACE to point at a test workspace')
  if (path.resolve(workspacePath) === path.resolve(real)) {
    throw new Error(`refusing to run tests against the real workspace ${real}`)
  }
}
