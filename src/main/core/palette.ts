export interface PaletteItem {
  kind: string
  id: string
  title: string
  subtitle?: string
  route: string
}

export type PaletteProvider = (query: string, limit: number) => PaletteItem[]

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
