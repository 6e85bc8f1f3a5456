/** Line numbers an import error message mentions ("line 7", "line 7, column 3", "lines 4-6"). */
export function mentionedLines(message: string): number[] {
  const out = new Set<number>()
  for (const m of message.matchAll(/\blines?\s+(\d+)(?:\s*[-–]\s*(\d+))?/gi)) {
    const a = Number(m[1])
    const b = m[2] ? Number(m[2]) : a
    for (let n = a; n <= Math.min(b, a + 50); n++) out.add(n)
  }
  for (const m of message.matchAll(/\bat (\d+):(\d+)\b/g)) out.add(Number(m[1]))
  return [...out].filter((n) => n > 0).sort((x, y) => x - y)
}

export interface ExcerptLine {
  n: number
  text: string
  hit: boolean
}

/** The lines around each mentioned line, numbered from 1; a gap between runs is marked with n = 0. */
export function yamlExcerpt(yaml: string, lines: number[], context = 2): ExcerptLine[] {
  const all = yaml.split(/\r?\n/)
  const wanted = new Set<number>()
  for (const l of lines) for (let n = l - context; n <= l + context; n++) if (n >= 1 && n <= all.length) wanted.add(n)
  const hits = new Set(lines)
  const out: ExcerptLine[] = []
  let prev = 0
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (prev && n > prev + 1) out.push({ n: 0, text: '…', hit: false })
    out.push({ n, text: all[n - 1]!, hit: hits.has(n) })
    prev = n
  }
  return out
}

/** "yaml: line 3: a; line 9: b" → ["line 3: a", "line 9: b"]: one entry per problem (also "path: a.yaml: line 3: …"). */
export function splitImportErrors(message: string): string[] {
  return message
    .replace(/^(yaml|path):\s*/, '')
    .split(/;\s+(?=(?:[\w.-]+\.ya?ml: )?line \d+|and \d+ more)/)
    .map((s) => s.trim())
    .filter(Boolean)
}
