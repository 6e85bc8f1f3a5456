import { describe, expect, it } from 'vitest'
import { keysFromText, keysToText } from './trustDraft'

describe('trusted keys text', () => {
  it('reads one publisher and key per line, and writes them back', () => {
    const keys = keysFromText('  acme  AAAA\n\nother BBBB CCCC\n')
    expect(keys).toEqual([
      { publisher: 'acme', publicKey: 'AAAA' },
      { publisher: 'other', publicKey: 'BBBBCCCC' }
    ])
    expect(keysToText(keys)).toBe('acme AAAA\nother BBBBCCCC')
  })
})
