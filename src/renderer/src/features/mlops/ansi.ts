/** ANSI SGR colours in log lines as styled spans (30–37, 90–97 foreground; 1 bold; 0 / 39 reset); other escapes dropped. */
export interface Span {
  text: string
  color: string | null
  bold: boolean
}

const COLORS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']

export function ansiSpans(line: string): Span[] {
  const out: Span[] = []
  let color: string | null = null
  let bold = false
  const re = /\x1b\[([\d;]*)([A-Za-z])/g
  let last = 0
  const push = (text: string): void => {
    if (!text) return
    const prev = out[out.length - 1]
    if (prev && prev.color === color && prev.bold === bold) prev.text += text
    else out.push({ text, color, bold })
  }
  for (let m = re.exec(line); m; m = re.exec(line)) {
    push(line.slice(last, m.index))
    last = re.lastIndex
    if (m[2] !== 'm') continue
    for (const code of (m[1] || '0').split(';').map(Number)) {
      if (code === 0) {
        color = null
        bold = false
      } else if (code === 1) bold = true
      else if (code === 22) bold = false
      else if (code === 39) color = null
      else if (code >= 30 && code <= 37) color = COLORS[code - 30]!
      else if (code >= 90 && code <= 97) color = `bright-${COLORS[code - 90]!}`
    }
  }
  push(line.slice(last))
  return out
}
