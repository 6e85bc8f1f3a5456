import fs from 'node:fs/promises'
import path from 'node:path'

/** Lets timers and I/O run between chunks of generation, so the health poller keeps its schedule. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Writes a file (making its folder), through a temporary name so that a crash never leaves half a file. */
export async function writeFile(file: string, content: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true })
  await fs.writeFile(`${file}.tmp`, content)
  await fs.rename(`${file}.tmp`, file)
}
