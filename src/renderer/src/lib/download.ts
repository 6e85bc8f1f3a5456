/** Save text or a data: URL (a chart's PNG) as a file, in the browser and in Electron's renderer. */
export function downloadUrl(filename: string, url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
}

export function downloadText(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  downloadUrl(filename, url)
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
