import { dialog, shell, type BrowserWindow } from 'electron'

/** Open http(s) links in the user's browser, only after the user confirms; every other scheme is dropped. */
export async function confirmOpenExternal(win: BrowserWindow | null, url: string): Promise<void> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your browser?',
    detail: parsed.href
  }
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options)
  if (response === 0) await shell.openExternal(parsed.href)
}
