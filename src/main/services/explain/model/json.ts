/** JSON as tree-model writers produce it: XGBoost writes bare NaN, Infinity and -Infinity, which JSON.parse refuses. */
const NON_FINITE = /("(?:[^"\\]|\\.)*")|(-?Infinity|NaN)/g
const MARK = '\u0000'

export function parseModelJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (first) {
    if (!/NaN|Infinity/.test(text)) throw first
    const quoted = text.replace(NON_FINITE, (m: string, str: string | undefined) => str ?? JSON.stringify(MARK + m))
    return JSON.parse(quoted, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(MARK) ? Number(v.slice(1)) : v))
  }
}

export type Json = Record<string, unknown>
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
