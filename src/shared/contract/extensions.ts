import { z } from 'zod'
import { EXTENSION_ID, ExtensionManifest } from '../extensions'
import { command, internalEvent, query, viewEvent } from './define'
import { extensionViewChannels } from './extensionViews'
import { filePath } from './paths'

const id = z.string().regex(EXTENSION_ID, 'is not an extension id')

export const ExtensionStatus = z.enum(['active', 'starting', 'crashed', 'disabled', 'stopped'])

export const ExtensionInfo = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  publisher: z.string(),
  description: z.string(),
  status: ExtensionStatus,
  disabledReason: z.string().nullable(),
  restarts: z.number(),
  /** Resident memory of its process, bytes (null when it is not running). */
  rssBytes: z.number().nullable(),
  requested: z.array(z.string()),
  granted: z.array(z.string()),
  signed: z.boolean(),
  source: z.string(),
  installedAt: z.number(),
  updatedAt: z.number(),
  manifest: ExtensionManifest
})
export type ExtensionInfo = z.infer<typeof ExtensionInfo>

export const ExtensionLogLine = z.object({ id: z.number(), at: z.number(), level: z.string(), message: z.string() })

export const InstallSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('folder'), path: filePath() }),
  z.strictObject({
    kind: z.literal('archive'),
    path: filePath({ extension: { pattern: /\.(tgz|tar\.gz|zip)$/i, message: 'must be a .tgz, .tar.gz or .zip file' } }),
    /** Base64 Ed25519 signature of the archive; `<archive>.sig` beside it is read when absent. */
    signature: z.string().max(200).optional()
  }),
  z.strictObject({ kind: z.literal('catalogue'), id, version: z.string().max(64).optional() })
])

export const InstallPreview = z.object({
  /** Hands the staged files to extensions:install. */
  token: z.string(),
  manifest: ExtensionManifest,
  signed: z.boolean(),
  /** Why it counts as unsigned (no signature, publisher not trusted), when it does. */
  unsignedReason: z.string().nullable(),
  sha256: z.string().nullable(),
  /** Installed version this would replace, with the permission changes an update brings. */
  update: z.object({ from: z.string(), added: z.array(z.string()), removed: z.array(z.string()) }).nullable()
})
export type InstallPreview = z.infer<typeof InstallPreview>

export const CatalogueVersion = z.object({
  version: z.string(),
  url: z.string(),
  sha256: z.string(),
  signature: z.string().nullable(),
  compatible: z.boolean(),
  engines: z.string().nullable()
})
export const CatalogueEntry = z.object({
  id: z.string(),
  name: z.string(),
  publisher: z.string(),
  description: z.string(),
  versions: z.array(CatalogueVersion),
  installed: z.string().nullable(),
  /** The newest compatible version when it is newer than the installed one. */
  update: z.string().nullable()
})
export type CatalogueEntry = z.infer<typeof CatalogueEntry>

export const TrustedKey = z.strictObject({
  publisher: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  /** Ed25519 public key: PEM (SPKI) or base64 of its 32 raw bytes. */
  publicKey: z.string().min(40, 'must be an Ed25519 public key (PEM or base64 of 32 bytes)').max(400)
})
export const ExtensionsSettings = z.strictObject({
  trustedKeys: z.array(TrustedKey).max(50).default([]),
  /** The catalogue index: an absolute file path or an https URL. */
  catalogue: z
    .string()
    .max(2000)
    .refine((s) => s === '' || s.startsWith('https://') || /^(\/|[A-Za-z]:[\\/])/.test(s), 'must be an https URL or an absolute file path')
    .default('')
})
export type ExtensionsSettings = z.infer<typeof ExtensionsSettings>

/** A field of an extension's settings form, from its manifest's settings schema. */
const SettingField = z.object({
  key: z.string(),
  type: z.enum(['string', 'number', 'integer', 'boolean', 'object', 'array']),
  title: z.string(),
  description: z.string(),
  required: z.boolean(),
  secret: z.boolean(),
  default: z.unknown().optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  minLength: z.number().optional(),
  maxLength: z.number().optional(),
  pattern: z.string().optional()
})
/**
 * An extension's setting values as people see them: the form's fields, the values (defaults filled in), and secrets
 * (secret or writeOnly properties) only as a hint.
 */
const ExtensionValuesView = z.object({
  fields: z.array(SettingField),
  values: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string())
})

export const extensionsChannels = {
  'extensions:list': query('Installed extensions with status, restarts and memory', z.strictObject({}).optional(), z.array(ExtensionInfo)),
  'extensions:get': query(
    'One extension with its newest log lines',
    z.strictObject({ id, logLimit: z.number().int().min(1).max(2000).default(200) }),
    ExtensionInfo.extend({ logs: z.array(ExtensionLogLine) })
  ),
  'extensions:inspect': command(
    'Unpack and verify an extension, answering what to show in the permission prompt',
    z.strictObject({ source: InstallSource }),
    InstallPreview
  ),
  'extensions:install': command(
    'Install (or update) an inspected extension with the permissions the user granted',
    z.strictObject({
      token: z.string().min(1).max(100),
      grant: z.array(z.string().max(2100)).max(30),
      allowUnsigned: z.boolean().default(false)
    }),
    ExtensionInfo
  ),
  'extensions:enable': command('Enable an extension and start it', z.strictObject({ id }), ExtensionInfo),
  'extensions:disable': command('Disable an extension and stop its process', z.strictObject({ id }), ExtensionInfo),
  'extensions:uninstall': command('Remove an extension with its files and data', z.strictObject({ id }), z.object({ id: z.string() })),
  'extensions:runCommand': command(
    'Run a command an extension contributes (starting it when needed); answers what the command returned',
    z.strictObject({ id, command: z.string().min(1).max(64) }),
    z.object({ result: z.unknown() })
  ),
  'extensions:catalogue': query(
    'The catalogue index with compatibility and available updates',
    z.strictObject({}).optional(),
    z.array(CatalogueEntry)
  ),
  // a signal from the window, not a change: a query, so viewers send it too and the audit log holds no page views
  'extensions:viewOpened': query(
    'A view of the console was opened: starts the extensions activated by onView:<area>; answers which',
    z.strictObject({ area: z.string().regex(/^[a-z-]{1,40}$/, 'is not an area id') }),
    z.object({ started: z.array(z.string()) })
  ),
  'extensions:getSettings': query('Trusted publisher keys and the catalogue location', z.strictObject({}).optional(), ExtensionsSettings),
  'extensions:setSettings': command('Change trusted publisher keys and the catalogue location', ExtensionsSettings, ExtensionsSettings),
  'extensions:settingsOf': query(
    "An extension's setting values (its manifest's settings schema); secrets only as hints",
    z.strictObject({ id }),
    ExtensionValuesView
  ),
  'extensions:setSettingsOf': command(
    "Set an extension's setting values; a writeOnly (secret) value left out is kept, null removes it",
    z.strictObject({ id, values: z.record(z.string().max(64), z.unknown()) }),
    ExtensionValuesView
  ),
  ...extensionViewChannels
} as const

export const extensionsEvents = {
  'extensions:changed': viewEvent(z.object({ id: z.string().nullable(), at: z.number() })),
  /** An extension with alerts:write raised a signal. */
  'extensions:signal': internalEvent(
    z.object({
      extensionId: z.string(),
      target: z.string(),
      summary: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      /** The extension says the cause has passed (the alert resolves). */
      resolved: z.boolean().default(false),
      value: z.number().nullable().default(null),
      at: z.number()
    })
  )
} as const
