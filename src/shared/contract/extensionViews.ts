import { z } from 'zod'
import { EXTENSION_ID } from '../extensions'
import { command, query } from './define'

const id = z.string().regex(EXTENSION_ID, 'is not an extension id')
const view = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'is not a view name')

/** Views an extension contributes (extensionViews.ts): where to load one, and the bridge its calls go through. */
export const extensionViewChannels = {
  'extensions:view': query(
    'Where to load a view of an extension (a short-lived link served with the view’s strict policy), and that policy',
    z.strictObject({ id, view }),
    z.object({ url: z.string(), title: z.string(), csp: z.string() })
  ),
  'extensions:viewCall': command(
    'A call from an extension’s view, checked against the permissions granted to the extension',
    z.strictObject({ id, view, method: z.string().min(1).max(64), params: z.unknown().optional() }),
    z.object({ value: z.unknown() })
  )
} as const
