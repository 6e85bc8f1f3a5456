/** The extension manifest (`extension.json`) and permission strings, shared by the service layer and the renderer. */
import { z } from 'zod'

export const EXTENSION_ID = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/
/** `ext:<extension id>/<kind>`: a check kind or channel kind an extension contributes. */
export const EXT_KIND = /^ext:([a-z0-9][a-z0-9-]{1,62}[a-z0-9])\/([a-z0-9][a-z0-9-]{0,62})$/

export function parseExtKind(kind: string): { extensionId: string; name: string } | null {
  const m = EXT_KIND.exec(kind)
  return m ? { extensionId: m[1]!, name: m[2]! } : null
}

/**
 * The `kind` of an extension's option in a discriminated union (which must set `unionFallback: true`). Such a union
 * needs each option's discriminator values up front; an extension's kinds are open-ended, so this claims only the
 * prefix and the union tries the options for any other value.
 */
export function extKindSchema(what: string) {
  const kind = z.templateLiteral(['ext:', z.string()]).refine((k) => EXT_KIND.test(k), `kind: must be ext:<extension id>/<${what}>`)
  Object.assign(kind._zod, { values: new Set(['ext:']) })
  return kind
}
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

/**
 * What an extension may ask for: `health:read`, `alerts:write`, `net:<origin>` (scheme, host and port, nothing else)
 * and `fs:read:<absolute folder>`.
 */
export type Permission = 'health:read' | 'alerts:write' | 'alerts:read' | 'deploys:write' | `net:${string}` | `fs:read:${string}`

/** Why a permission string is wrong, or null when it is well formed. */
export function permissionProblem(p: string): string | null {
  if (p === 'health:read' || p === 'alerts:write' || p === 'alerts:read' || p === 'deploys:write') return null
  if (p.startsWith('net:')) {
    const origin = p.slice(4)
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      return `"${p}": net: needs an origin such as net:https://api.example.com`
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${p}": only http and https origins`
    if (url.origin !== origin) return `"${p}": must be an origin only (${url.origin}), without path, query or trailing slash`
    return null
  }
  if (p.startsWith('fs:read:')) {
    const folder = p.slice(8)
    if (!folder.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(folder)) return `"${p}": the folder must be an absolute path`
    if (folder.split(/[\\/]/).includes('..')) return `"${p}": the folder must not contain ".."`
    return null
  }
  return `"${p}": unknown permission (health:read, alerts:read, alerts:write, deploys:write, net:<origin>, fs:read:<folder>)`
}

const permission = z.string().superRefine((p, ctx) => {
  const problem = permissionProblem(p)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

const activation = z.union([
  z.literal('onStartup'),
  z.string().regex(/^onView:[a-z-]+$/, 'onView:<area id>'),
  z.string().regex(/^onSchedule:(\d+[smh]|\S+( \S+){4,5})$/, 'onSchedule:<every> (e.g. 5m) or onSchedule:<cron> (e.g. */15 * * * *)'),
  z.string().regex(/^onAlert(:[a-z-]+)?$/, 'onAlert or onAlert:<severity>'),
  z.string().regex(/^onCheck:[a-z0-9-]+$/, 'onCheck:<check kind>'),
  z.string().regex(/^onChannel:[a-z0-9-]+$/, 'onChannel:<channel kind>'),
  z.string().regex(/^onWebhook:[a-z0-9-]+$/, 'onWebhook:<webhook name>')
])

const named = { name: z.string().regex(NAME, 'lower-case letters, digits and dashes'), title: z.string().min(1).max(80) }
/** A JSON schema (object form) for a contribution's configuration. */
const jsonSchema = z
  .record(z.string(), z.unknown())
  .refine((s) => s['type'] === undefined || s['type'] === 'object', 'must be a JSON schema of type "object"')

const viewEntry = z
  .string()
  .regex(/^[A-Za-z0-9_./-]+\.html$/, 'a relative .html file')
  .refine((m) => !m.startsWith('/') && !m.split('/').includes('..'), 'must stay inside the extension folder')

export const Contributions = z.strictObject({
  checkKinds: z
    .array(z.strictObject({ ...named, configSchema: jsonSchema.optional() }))
    .max(20)
    .default([]),
  notificationChannels: z
    .array(z.strictObject({ ...named, configSchema: jsonSchema.optional() }))
    .max(20)
    .default([]),
  importers: z
    .array(
      z.strictObject({
        ...named,
        target: z.enum(['costs', 'models', 'drift']),
        extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/)).min(1)
      })
    )
    .max(20)
    .default([]),
  dashboardPanels: z
    /** Without `entry`: a panel data source (the extension answers `api.panels.register(name)` calls). */
    .array(z.strictObject({ ...named, entry: z.string().min(1).optional() }))
    .max(20)
    .default([]),
  commands: z
    .array(z.strictObject({ ...named, category: z.string().max(40).optional() }))
    .max(50)
    .default([]),
  /** POST endpoints at /api/hooks/ext/<extension id>/<name>; the extension checks each request itself (a signature). */
  webhooks: z.array(z.strictObject(named)).max(10).default([]),
  settings: jsonSchema.optional(),
  /** HTML pages shown on the extension's page in a sandboxed frame (extensionViews.ts). */
  views: z
    .array(z.strictObject({ ...named, entry: viewEntry }))
    .max(10)
    .default([])
})

export const ExtensionManifest = z.strictObject({
  id: z.string().regex(EXTENSION_ID, 'lower-case letters, digits and dashes, 3 to 64 characters'),
  name: z.string().min(1, 'must not be empty').max(80),
  version: z.string().regex(SEMVER, 'must be a semantic version such as 1.2.3'),
  publisher: z.string().regex(NAME, 'lower-case letters, digits and dashes'),
  description: z.string().max(500).default(''),
  engines: z.strictObject({ 'control-console': z.string().min(1, 'must be a version range such as ^1.0') }),
  main: z
    .string()
    .regex(/^[A-Za-z0-9_./-]+\.(mjs|cjs|js)$/, 'a relative .js, .mjs or .cjs file')
    .refine((m) => !m.startsWith('/') && !m.split('/').includes('..'), 'must stay inside the extension folder'),
  permissions: z.array(permission).max(30).default([]),
  activationEvents: z.array(activation).max(30).default(['onStartup']),
  contributes: Contributions.default({
    checkKinds: [],
    notificationChannels: [],
    importers: [],
    dashboardPanels: [],
    commands: [],
    webhooks: [],
    views: []
  })
})
export type ExtensionManifest = z.output<typeof ExtensionManifest>

/** The permissions added and removed between two grants (an update shows them before it is accepted). */
export function permissionChanges(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  return { added: after.filter((p) => !before.includes(p)), removed: before.filter((p) => !after.includes(p)) }
}
