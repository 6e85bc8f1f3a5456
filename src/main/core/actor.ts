import { AppError } from '../../shared/errors'
import type { Caller } from './caller'

/**
 * Who acts on something people will ask about (acknowledged an alert, wrote a note, saved a dashboard version): a
 * signed-in user is always named as themselves, whatever was typed; the local admin (desktop, single-token serve mode)
 * is one account shared by whoever sits at it, so a typed name wins there, else the OS user's name.
 */
export function whoActs(typed: string | undefined, caller: Caller | undefined): string | undefined {
  if (caller && caller.userId !== null) return caller.name
  return typed?.trim() || caller?.name
}

/** whoActs, required: a VALIDATION error on `field` when no one can be named. */
export function actingName(typed: string | undefined, caller: Caller | undefined, field: string): string {
  const name = whoActs(typed, caller)
  if (!name) throw new AppError('VALIDATION', `${field}: say who you are: your name`, field)
  return name
}
