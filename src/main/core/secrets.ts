import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** Encrypts channel secrets at rest. Electron supplies one backed by safeStorage; serve mode a key file. */
export interface SecretBox {
  readonly kind: 'safe-storage' | 'key-file'
  /** One sentence for Settings: where secrets are sealed, and why there. */
  readonly description: string
  encrypt(plain: string): Buffer
  decrypt(sealed: Buffer): string
}

/** AES-256-GCM with a random 32-byte key in a file readable only by its owner. */
export class KeyFileSecretBox implements SecretBox {
  readonly kind = 'key-file'
  readonly description: string
  private key: Buffer

  /** `why`: the reason a key file is used (serve mode; no usable OS keychain), shown in Settings. */
  constructor(
    readonly file: string,
    why = 'serve mode keeps its key beside the workspace'
  ) {
    this.key = KeyFileSecretBox.loadOrCreate(file)
    this.description = `AES-256-GCM with the key file ${file} (readable only by you): ${why}.`
  }

  private static loadOrCreate(file: string): Buffer {
    if (fs.existsSync(file)) {
      if (process.platform !== 'win32') {
        const mode = fs.statSync(file).mode & 0o777
        if (mode & 0o077) throw new Error(`secret key file ${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`)
      }
      const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64')
      if (key.length !== 32) throw new Error(`secret key file ${file} is damaged (expected 32 bytes)`)
      return key
    }
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const key = crypto.randomBytes(32)
    fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
    return key
  }

  encrypt(plain: string): Buffer {
    const iv = crypto.randomBytes(12)
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body])
  }

  decrypt(sealed: Buffer): string {
    if (sealed[0] !== 1 || sealed.length < 29) throw new Error('secret was sealed by another key store')
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13))
    decipher.setAuthTag(sealed.subarray(13, 29))
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8')
  }
}

/** Where serve mode keeps its key: beside the workspace. */
export const keyFileFor = (workspaceFile: string): string => path.join(path.dirname(workspaceFile), '.control-console.key')

/** Last characters only, so users can tell secrets apart without seeing them. */
export const secretHint = (secret: string): string => {
  const line = secret.split('\n')[0]!.trim()
  return line.length <= 8 ? '••••' : `••••${line.slice(-4)}`
}
