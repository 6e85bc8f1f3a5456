// @ts-check
// The doctor's lines: a stop line (one line, no stack trace), notes, and the found/missing table.

/** The one line a command stops with. */
export const stopLine = (
  /** @type {string} */ title,
  /** @type {string} */ what,
  /** @type {string} */ detail,
  /** @type {string | undefined} */ fix
) => `${title} stopped: ${what}: ${detail}${fix ? `; fix: ${fix}` : ''}`

/** Rows as aligned columns; the last column is not padded. @param {string[][]} rows */
export function table(rows) {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  )
}
