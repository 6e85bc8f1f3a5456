/**
 * Hooks: `POST /api/hooks/<name>` endpoints for machines (CI pipelines, probe agents), declared in the contract with
 * their token scope and served as ordinary area routes (core/httpRoutes.ts) with that scope. An area that issues
 * scoped tokens also brings the function that recognises them.
 */
import type { z } from 'zod'
import { AppError } from '../../shared/errors'
import { hooks, type HookName, type Hooks } from '../../shared/contract'
import { validationError } from '../transport/dispatch'
import type { HttpRoute, RouteCaller } from './httpRoutes'

/** Who called a hook (any route's caller). */
export type HookCaller = RouteCaller

/** Recognises an area's scoped tokens: the caller a token stands for, or null (not the area's, or revoked). */
export type TokenAuthenticator = (token: string) => RouteCaller | null

export type HookHandler<H extends HookName> = (
  input: z.output<Hooks[H]['input']>,
  caller: HookCaller
) => z.output<Hooks[H]['output']> | Promise<z.output<Hooks[H]['output']>>

/** The caller a scoped token stands for, across every area's authenticator. */
export function authenticateScoped(authenticators: readonly TokenAuthenticator[], token: string): RouteCaller | null {
  for (const a of authenticators) {
    const c = a(token)
    if (c) return c
  }
  return null
}

/** Routes for an area's hooks: JSON in, validated against the contract, the console's envelope out; scope from the contract. */
export function hookRoutes(handlers: { [H in HookName]?: HookHandler<H> }): HttpRoute[] {
  return (Object.entries(handlers) as [HookName, HookHandler<HookName>][]).map(([name, handle]) => {
    const def = hooks[name]
    return {
      method: 'POST',
      path: `/api/hooks/${name}`,
      summary: def.summary,
      scope: def.scope,
      contentTypes: ['application/json'],
      handle: async (req) => {
        let input: unknown
        try {
          const text = req.body.toString('utf8')
          input = text.trim() === '' ? undefined : JSON.parse(text)
        } catch (err) {
          throw new AppError('VALIDATION', `input: body is not valid JSON (${(err as Error).message})`, 'input')
        }
        const parsed = def.input.safeParse(input)
        if (!parsed.success) throw validationError(parsed.error)
        return { status: 200, body: { ok: true, data: await handle(parsed.data as never, req.caller) } }
      }
    }
  })
}
