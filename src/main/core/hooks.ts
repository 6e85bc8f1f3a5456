/**
 * Hooks: `POST /api/hooks/<name>` endpoints for machines (CI pipelines, probe agents). They authenticate with a scoped
 * token that an area issued and verifies (or with the API token, which may call every hook); a scoped token may call
 * only the hooks of its scope and nothing else of the console.
 */
import type { z } from 'zod'
import { hooks, type HookName, type Hooks } from '../../shared/contract'

/** Who called a hook. */
export interface HookCaller {
  /** The token's scope; '*' for the console's own API token. */
  scope: string
  /** A probe token's region. */
  region: string | null
  tokenId: number | null
  /** A short description for logs and errors ("deploy token 'ci'"). */
  label: string
}

export type HookHandler<H extends HookName> = (
  input: z.output<Hooks[H]['input']>,
  caller: HookCaller
) => z.output<Hooks[H]['output']> | Promise<z.output<Hooks[H]['output']>>

/** What an area brings: a way to recognise its tokens, and the hooks it answers. */
export interface HookProvider {
  authenticate(token: string): HookCaller | null
  handlers: { [H in HookName]?: HookHandler<H> }
}

export class HookRegistry {
  private providers: HookProvider[] = []
  private handlers = new Map<string, (input: unknown, caller: HookCaller) => unknown>()

  register(p: HookProvider): void {
    this.providers.push(p)
    for (const [name, h] of Object.entries(p.handlers)) {
      if (this.handlers.has(name)) throw new Error(`hook ${name} is answered twice`)
      this.handlers.set(name, h as (input: unknown, caller: HookCaller) => unknown)
    }
  }

  /** The caller a scoped token stands for, or null when no area issued it (or it was revoked). */
  authenticate(token: string): HookCaller | null {
    for (const p of this.providers) {
      const c = p.authenticate(token)
      if (c) return c
    }
    return null
  }

  /** Calls a hook whose input is already validated and whose caller is allowed. */
  call(name: HookName, input: unknown, caller: HookCaller): unknown {
    const h = this.handlers.get(name)
    if (!h) throw new Error(`hook ${name} has no handler`)
    return h(input, caller)
  }

  /** Whether a caller may call a hook. */
  static allows(caller: HookCaller, name: HookName): boolean {
    return caller.scope === '*' || caller.scope === hooks[name].scope
  }
}
