import { safeStorage } from 'electron'
import { KeyFileSecretBox, keyFileFor, type SecretBox } from '../core/secrets'

const SAFE_STORAGE = 2

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>

/** Why the OS keychain cannot seal secrets here, or null when it can. On Linux `basic_text` is a fixed key, not encryption. */
export function keychainUnusable(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!storage.isEncryptionAvailable()) return 'no OS keychain is available to Electron’s safeStorage'
  if (platform !== 'linux') return null
  const backend = storage.getSelectedStorageBackend()
  if (backend === 'basic_text')
    return 'no Secret Service or KWallet keyring is running, and safeStorage’s basic_text fallback is not encryption'
  if (backend === 'unknown') return 'safeStorage could not name its keyring backend'
  return null
}

/**
 * Channel secrets sealed by the OS keychain through Electron's safeStorage, else AES-256-GCM with a key file (mode 600)
 * beside the workspace. Secrets sealed earlier by safeStorage stay readable after a fall-back to the key file.
 */
export function desktopSecretBox(workspaceFile: string, storage: SafeStorageLike = safeStorage, platform = process.platform): SecretBox {
  const unusable = keychainUnusable(storage, platform)
  const legacy = (sealed: Buffer): string => storage.decryptString(sealed.subarray(1))
  if (unusable) {
    const box = new KeyFileSecretBox(keyFileFor(workspaceFile), unusable)
    return {
      kind: box.kind,
      description: box.description,
      encrypt: (plain) => box.encrypt(plain),
      decrypt: (sealed) => (sealed[0] === SAFE_STORAGE && storage.isEncryptionAvailable() ? legacy(sealed) : box.decrypt(sealed))
    }
  }
  const backend = platform === 'linux' ? ` (${storage.getSelectedStorageBackend()})` : ''
  return {
    kind: 'safe-storage',
    description: `Sealed by the OS keychain${backend} through Electron’s safeStorage.`,
    encrypt: (plain) => Buffer.concat([Buffer.from([SAFE_STORAGE]), storage.encryptString(plain)]),
    decrypt: (sealed) => {
      if (sealed[0] !== SAFE_STORAGE) throw new Error('secret was sealed by serve mode’s key file, not the OS keychain')
      return legacy(sealed)
    }
  }
}
