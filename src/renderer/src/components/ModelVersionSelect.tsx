import type { ChannelOutput } from '../../../shared/contract'

type Version = ChannelOutput<'models:versions'>[number]

interface ModelVersionSelectProps {
  versions: Version[] | undefined
  /** A version id as text, '' for none. */
  value: string
  onChange: (versionId: string) => void
  placeholder: string
  'aria-label'?: string
}

/** A select of registered model versions ("churn v3"), by id. */
export function ModelVersionSelect({ versions, value, onChange, placeholder, 'aria-label': ariaLabel }: ModelVersionSelectProps) {
  return (
    <select aria-label={ariaLabel} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{placeholder}</option>
      {versions?.map((v) => (
        <option key={v.id} value={v.id}>
          {v.modelName} v{v.version}
        </option>
      ))}
    </select>
  )
}
