/**
 * The host script as a file the extension processes can start from: its text is bundled into the main process
 * (`?raw`, so it works from source, from out/ and from inside an asar) and written once into the workspace's
 * extensions folder, named by its hash.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import hostSource from './host/host.mjs?raw'

export function writeHostFile(folder: string): string {
  const hash = crypto.createHash('sha256').update(hostSource).digest('hex').slice(0, 12)
  const file = path.join(folder, `host-${hash}.mjs`)
  if (!fs.existsSync(file)) {
    fs.mkdirSync(folder, { recursive: true })
    fs.writeFileSync(`${file}.tmp`, hostSource)
    fs.renameSync(`${file}.tmp`, file)
  }
  return file
}
