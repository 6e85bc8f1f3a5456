/** The extensions area's settings: trusted publisher keys and the catalogue location. */
import { ExtensionsSettings } from '../../../shared/contract/extensions'
import type { SettingsDef } from '../../core/settings'
import { publicKeyOf } from './trust'

export const extensionsSettings: SettingsDef<typeof ExtensionsSettings> = {
  key: 'extensions',
  schema: ExtensionsSettings,
  defaults: { trustedKeys: [], catalogue: '' },
  check: (next) => next.trustedKeys.forEach((k, i) => publicKeyOf(k.publicKey, `trustedKeys[${i}].publicKey`))
}
