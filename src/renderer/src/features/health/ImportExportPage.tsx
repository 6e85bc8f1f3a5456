import { PageHeader } from '../../components/States'
import { ExportPanel } from './ExportPanel'
import { ImportPanel } from './ImportPanel'
import { ServicesTabs } from './ServicesTabs'

export function ImportExportPage() {
  return (
    <div className="page">
      <PageHeader
        title="Import / export"
        subtitle="Services and checks as YAML, for review, version control and moving between workspaces."
      />
      <ServicesTabs current="import" />
      <div className="grid two align-start">
        <ImportPanel />
        <ExportPanel />
      </div>
    </div>
  )
}
