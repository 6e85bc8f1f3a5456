import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app as electronApp, BrowserWindow, dialog, ipcMain, Menu, Notification, session, utilityProcess } from 'electron'
import { createApp, type App } from '../app'
import { assertSafeForTests, resolveWorkspacePath } from '../core/paths'
import { useUtilityProcess } from '../services/extensions/spawner'
import { VIEW_PREFIX } from '../services/extensions/views'
import { bindIpc } from '../transport/ipc'
import { applyContentSecurityPolicy, createMainWindow } from './window'
import { installGlobalGuards, installPermissionHandlers, isTrustedRendererUrl } from './guards'
import { APP_INDEX_URL, installAppProtocol, registerAppScheme } from './protocol'
import { buildMenu } from './menu'
import { desktopSecretBox } from './secrets'

const here = path.dirname(fileURLToPath(import.meta.url))
const preload = path.join(here, '../preload/index.cjs')
const rendererDir = path.join(here, '../renderer')
const devServerUrl = !electronApp.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const rendererUrl = devServerUrl ?? APP_INDEX_URL
const trusted = (url: string): boolean => isTrustedRendererUrl(url, devServerUrl)

/** better-sqlite3 built for Electron lives apart from the Node build (see scripts/native-electron.mjs). */
function electronNativeBinding(): string | undefined {
  const candidates = [
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node'),
    path.join(here, '../../native/electron', `abi-${process.versions.modules}`, 'better_sqlite3.node')
  ]
  return candidates.find((c) => fs.existsSync(c))
}

function workspaceFromArgs(): string | undefined {
  const i = process.argv.indexOf('--workspace')
  return i >= 0 ? process.argv[i + 1] : undefined
}

let consoleApp: App | undefined

async function start(): Promise<void> {
  const workspacePath = resolveWorkspacePath(workspaceFromArgs(), process.env, path.join(electronApp.getPath('userData'), 'workspace.db'))
  assertSafeForTests(workspacePath, process.env, path.join(electronApp.getPath('userData'), 'workspace.db'))
  const nativeBinding = electronNativeBinding()
  useUtilityProcess(utilityProcess) // extensions run as Electron utility processes here
  try {
    consoleApp = createApp({
      workspacePath,
      mode: 'desktop',
      secrets: desktopSecretBox(workspacePath),
      ...(nativeBinding ? { nativeBinding } : {})
    })
  } catch (err) {
    dialog.showErrorBox('Control Console cannot open the workspace', (err as Error).message)
    electronApp.exit(2)
    return
  }
  installAppProtocol(
    rendererDir,
    consoleApp.publicRoutes.filter((r) => r.prefix === VIEW_PREFIX)
  )
  applyContentSecurityPolicy(devServerUrl)
  installPermissionHandlers(session.defaultSession, trusted)
  bindIpc(consoleApp, ipcMain, trusted, () => BrowserWindow.getAllWindows().map((w) => w.webContents))
  consoleApp.bus.on('notify:desktop', ({ title, body }) => {
    if (Notification.isSupported()) new Notification({ title, body }).show()
  })
  Menu.setApplicationMenu(buildMenu())
  createMainWindow({ preload, url: rendererUrl })
}

registerAppScheme()
installGlobalGuards(electronApp, trusted)
electronApp.enableSandbox()
if (!electronApp.requestSingleInstanceLock()) electronApp.quit()
electronApp.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
electronApp.whenReady().then(start, (err: unknown) => {
  process.stderr.write(`failed to start: ${String(err)}\n`)
  electronApp.exit(1)
})
electronApp.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0 && consoleApp) createMainWindow({ preload, url: rendererUrl })
})
electronApp.on('window-all-closed', () => {
  if (process.platform !== 'darwin') electronApp.quit()
})
electronApp.on('will-quit', () => {
  void consoleApp?.close()
})
