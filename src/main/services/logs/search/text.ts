/**
 * Plain search text: words (all must appear, ranked by bm25), "quoted phrases", prefix* words and -excluded words
 * go to the word index; anything else (paths, ids with punctuation, partial words) is a substring search on the
 * trigram index. Queries are built from quoted tokens only, so no input can inject FTS5 syntax.
 */
import { AppError } from '../../../../shared/errors'

export type TextMode = 'auto' | 'terms' | 'substring'

export interface WordQuery {
  mode: 'terms'
  fts: string
  /** What to highlight: words (whole or as prefixes) and phrases. */
  marks: { text: string; prefix: boolean }[]
  /** Each positive word or phrase, for the estimate of how many lines match. */
  positives: string[]
  /** Every word or phrase as the word index's tokens, to test a line without the index (sampled histograms). */
  terms: { tokens: string[]; prefix: boolean; neg: boolean }[]
}

export interface SubstringQuery {
  mode: 'substring'
  text: string
  /** The trigrams that must all be present (case-folded). */
  trigrams: string[]
}

export type TextQuery = WordQuery | SubstringQuery

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`
const WORD = /^[\p{L}\p{N}_]+$/u

/** Distinct trigrams of a text (lower-cased, as the trigram tokenizer folds case). */
export function trigramsOf(text: string): string[] {
  const chars = [...text.toLowerCase()]
  const out = new Set<string>()
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''))
  return [...out]
}

function tokens(text: string): { text: string; phrase: boolean; neg: boolean }[] {
  const out: { text: string; phrase: boolean; neg: boolean }[] = []
  const re = /(-?)"([^"]*)"|(\S+)/g
  for (const m of text.matchAll(re)) {
    if (m[2] !== undefined) out.push({ text: m[2], phrase: true, neg: m[1] === '-' })
    else {
      const t = m[3]!
      const neg = t.startsWith('-') && t.length > 1
      out.push({ text: neg ? t.slice(1) : t, phrase: false, neg })
    }
  }
  return out.filter((t) => t.text.trim() !== '')
}

/** The tokens the word index (FTS5 unicode61) makes of a text: letters and digits, case and diacritics folded. */
export const indexTokens = (text: string): string[] =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}\p{Co}]+/u)
    .filter(Boolean)

const ASCII = /^[\x00-\x7f]*$/

/** Whether a line holds every positive word or phrase of a word query and none of the excluded ones (as the index would answer). */
export function wordTest(q: WordQuery): (line: string) => boolean {
  const needed = q.terms.filter((t) => !t.neg).flatMap((t) => t.tokens)
  return (line) => {
    // an ASCII line without one of the needed tokens as text cannot hold it as a token
    if (ASCII.test(line)) {
      const lower = line.toLowerCase()
      if (!needed.every((t) => lower.includes(t))) return false
    }
    const toks = indexTokens(line)
    const has = (t: WordQuery['terms'][number]): boolean => {
      const k = t.tokens.length
      for (let i = 0; i + k <= toks.length; i++) {
        let j = 0
        while (j < k && (toks[i + j] === t.tokens[j] || (t.prefix && j === k - 1 && toks[i + j]!.startsWith(t.tokens[j]!)))) j++
        if (j === k) return true
      }
      return false
    }
    return q.terms.every((t) => has(t) !== t.neg)
  }
}

/** Whether a line holds a text, case folded as the substring search checks it. */
export function substringTest(text: string): (line: string) => boolean {
  const needle = text.toLowerCase()
  return (line) => line.toLowerCase().includes(needle)
}

/** Splits a phrase into the words the word tokenizer sees. */
const wordsOf = (s: string): string[] => s.split(/[^\p{L}\p{N}_]+/u).filter(Boolean)

export function parseText(text: string, mode: TextMode): TextQuery {
  const trimmed = text.trim()
  if (!trimmed) throw new AppError('VALIDATION', 'query: type words to search for, or a LogQL query such as {service="api"}', 'query')
  const toks = tokens(trimmed)
  const wordy = toks.every((t) => (t.phrase ? wordsOf(t.text).length > 0 : WORD.test(t.text.replace(/\*$/, ''))))
  if (mode === 'substring' || (mode === 'auto' && !wordy)) {
    const sub = trimmed.replace(/^"(.*)"$/s, '$1')
    if ([...sub].length < 3) throw new AppError('VALIDATION', 'query: a substring search needs at least 3 characters', 'query')
    return { mode: 'substring', text: sub, trigrams: trigramsOf(sub) }
  }
  const parts: string[] = []
  const marks: WordQuery['marks'] = []
  const positives: string[] = []
  const terms: WordQuery['terms'] = []
  for (const t of toks) {
    const words = wordsOf(t.text.replace(/\*$/, ''))
    if (words.length === 0) continue
    const prefix = !t.phrase && t.text.endsWith('*')
    terms.push({ tokens: indexTokens(words.join(' ')), prefix, neg: t.neg })
    const term = t.phrase || words.length > 1 ? quote(words.join(' ')) : `${quote(words[0]!)}${prefix ? '*' : ''}`
    if (t.neg) {
      parts.push(`NOT ${term}`)
      continue
    }
    parts.push(term)
    positives.push(words.join(' '))
    marks.push(t.phrase || words.length > 1 ? { text: t.text, prefix: false } : { text: words[0]!, prefix })
  }
  if (positives.length === 0)
    throw new AppError('VALIDATION', 'query: give at least one word to search for (not only -excluded ones)', 'query')
  // FTS5 NOT is binary: "a NOT b" — positives first, then each exclusion
  const pos = parts.filter((p) => !p.startsWith('NOT '))
  const neg = parts.filter((p) => p.startsWith('NOT '))
  return { mode: 'terms', fts: [pos.join(' AND '), ...neg].join(' '), marks, positives, terms }
}

/** The FTS5 query for a substring: every trigram must be present (the text itself is checked after). */
export const trigramQuery = (trigrams: string[]): string => trigrams.map(quote).join(' AND ')
