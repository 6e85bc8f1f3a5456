/** Trusted keys as the settings form edits them: one "publisher key" per line. */
export interface KeyLine {
  publisher: string
  publicKey: string
}

export const keysToText = (keys: readonly KeyLine[]): string => keys.map((k) => `${k.publisher} ${k.publicKey}`).join('\n')

export function keysFromText(text: string): KeyLine[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [publisher = '', ...rest] = l.split(/\s+/)
      return { publisher, publicKey: rest.join('') }
    })
}
