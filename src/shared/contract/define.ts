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

/**
 * view: pushed to every open window (small payloads that tell views what changed);
 * internal: stays inside the service layer (large or private payloads, such as a report's body).
 */
export type EventScope = 'view' | 'internal'

export interface EventDef<S extends z.ZodType = z.ZodType> {
  scope: EventScope
  schema: S
}

export const viewEvent = <S extends z.ZodType>(schema: S): EventDef<S> => ({ scope: 'view', schema })
export const internalEvent = <S extends z.ZodType>(schema: S): EventDef<S> => ({ scope: 'internal', schema })

/**
 * A hook: an HTTP endpoint (`POST /api/hooks/<name>`) for machines outside the console — CI pipelines, probe agents —
 * that authenticate with a scoped token able to call only the hooks of its scope (or with the API token).
 */
export interface HookDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string
  /** Which tokens may call it: 'deploy' tokens post deploy markers, 'probe' tokens fetch checks and push results. */
  scope: string
  input: I
  output: O
}

export const hook = <I extends z.ZodType, O extends z.ZodType>(summary: string, scope: string, input: I, output: O): HookDef<I, O> => ({
  summary,
  scope,
  input,
  output
})
