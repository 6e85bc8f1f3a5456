import { safeStorage } from 'electron'
import { KeyFileSecretBox, keyFileFor, type SecretBox } from '../core/secrets'

/** Channel secrets sealed by the OS keychain through Electron's safeStorage; a key file where none exists. */
export function desktopSecretBox(workspaceFile: string): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return new KeyFileSecretBox(keyFileFor(workspaceFile))
  return {
    kind: 'safe-storage',
    encrypt: (plain) => Buffer.concat([Buffer.from([2]), safeStorage.encryptString(plain)]),
    decrypt: (sealed) => {
      if (sealed[0] !== 2) throw new Error('secret was sealed by serve mode’s key file, not the OS keychain')
      return safeStorage.decryptString(sealed.subarray(1))
    }
  }
}
