/** The model and version pickers of a drift check, from the registry's versions. */
export interface RegistryVersion {
  modelName: string
  version: number
  stage: string
  aliases: string[]
}

export interface Choice {
  value: string
  label: string
}

/** Model names in the registry, A–Z; a saved name the registry no longer has stays, marked. */
export function modelChoices(versions: RegistryVersion[], current: string): Choice[] {
  const names = [...new Set(versions.map((v) => v.modelName))].sort((a, b) => a.localeCompare(b))
  const out = names.map((n) => ({ value: n, label: n }))
  if (current && !names.includes(current)) out.unshift({ value: current, label: `${current} (not in the registry)` })
  return out
}

/** The model's versions, newest first, with stage and aliases: "3 · Production · champion". */
export function versionChoices(versions: RegistryVersion[], model: string, current: string): Choice[] {
  const mine = versions.filter((v) => v.modelName === model).sort((a, b) => b.version - a.version)
  const out = mine.map((v) => ({
    value: String(v.version),
    label: [String(v.version), v.stage !== 'None' ? v.stage : '', ...v.aliases].filter(Boolean).join(' · ')
  }))
  if (current && !mine.some((v) => String(v.version) === current.replace(/^v/i, '')))
    out.unshift({ value: current, label: `${current} (not in the registry)` })
  return out
}
