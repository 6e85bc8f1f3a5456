import type { z } from 'zod'

/** query: reads only, safe to retry and to fuzz; command: changes state. */
export type ChannelKind = 'query' | 'command'

export interface ChannelDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  kind: ChannelKind
  summary: string
  input: I
  output: O
}

export const query = <I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): ChannelDef<I, O> => ({
  kind: 'query',
  summary,
  input,
  output
})

export const command = <I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): ChannelDef<I, O> => ({
  kind: 'command',
  summary,
  input,
  output
})
