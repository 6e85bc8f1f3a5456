/** Archive checksums and Ed25519 signatures (node:crypto), against the publisher keys the workspace trusts. */
import crypto from 'node:crypto'
import { invalid } from '../../../shared/errors'

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

export const sha256Hex = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex')

/** A public key from PEM (SPKI) or base64 of its 32 raw bytes; throws naming `field` when it is not Ed25519. */
export function publicKeyOf(text: string, field = 'publicKey'): crypto.KeyObject {
  let key: crypto.KeyObject
  try {
    const trimmed = text.trim()
    if (trimmed.startsWith('-----BEGIN')) key = crypto.createPublicKey(trimmed)
    else {
      const raw = Buffer.from(trimmed, 'base64')
      if (raw.length !== 32) throw new Error('not 32 bytes')
      key = crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
    }
  } catch {
    throw invalid(field, 'must be an Ed25519 public key (PEM or base64 of 32 bytes)')
  }
  if (key.asymmetricKeyType !== 'ed25519') throw invalid(field, `must be an Ed25519 key, not ${key.asymmetricKeyType}`)
  return key
}

/** The archive's checksum must match the one announced (catalogue): a mismatch means it was changed. */
export function checkSha256(bytes: Buffer, expected: string): string {
  const actual = sha256Hex(bytes)
  if (actual !== expected.toLowerCase())
    throw invalid('sha256', `the archive's sha256 is ${actual}, not ${expected.toLowerCase()}: it was changed or damaged; not installed`)
  return actual
}

export type SignatureCheck = { signed: true } | { signed: false; reason: string }

/**
 * Verifies a base64 Ed25519 signature of the archive bytes with the trusted keys of `publisher`. A signature that
 * does not verify with a trusted key of its publisher is refused outright (tampered); a missing signature or an
 * untrusted publisher makes the archive unsigned (installed only with explicit consent).
 */
export function checkSignature(
  bytes: Buffer,
  signature: string | null,
  publisher: string,
  trusted: readonly { publisher: string; publicKey: string }[]
): SignatureCheck {
  if (!signature) return { signed: false, reason: 'the archive has no signature' }
  const keys = trusted.filter((k) => k.publisher === publisher)
  if (keys.length === 0) return { signed: false, reason: `no trusted key for publisher "${publisher}" (add one in the extension settings)` }
  const sig = Buffer.from(signature.trim(), 'base64')
  if (keys.some((k) => sig.length === 64 && crypto.verify(null, bytes, publicKeyOf(k.publicKey), sig))) return { signed: true }
  throw invalid(
    'signature',
    `the archive's signature does not verify with ${publisher}'s trusted key: it was changed or not signed by them; not installed`
  )
}
