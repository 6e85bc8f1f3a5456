export interface PaletteItem {
  kind: string
  id: string
  title: string
  subtitle?: string
  route: string
}

export type PaletteProvider = (query: string, limit: number) => PaletteItem[]

/** The first `limit` of a list whose words (name, and the like) contain the query (lower case; empty matches all). */
export function matching<T>(list: T[], q: string, limit: number, words: (t: T) => string, item: (t: T) => PaletteItem): PaletteItem[] {
  const out: PaletteItem[] = []
  for (const t of list) {
    if (out.length >= limit) break
    if (!q || words(t).toLowerCase().includes(q)) out.push(item(t))
  }
  return out
}

/** Areas register object search so the command palette can jump to anything. */
export class PaletteRegistry {
  private providers: PaletteProvider[] = []
  register(provider: PaletteProvider): void {
    this.providers.push(provider)
  }
  search(query: string, limit: number): PaletteItem[] {
    const q = query.trim().toLowerCase()
    const out: PaletteItem[] = []
    for (const provider of this.providers) {
      for (const item of provider(q, limit)) {
        out.push(item)
        if (out.length >= limit) return out
      }
    }
    return out
  }
}
