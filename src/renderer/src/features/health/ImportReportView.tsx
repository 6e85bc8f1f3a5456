import type { ChannelOutput } from '../../../../shared/contract'

type Report = ChannelOutput<'health:import'>

/** What an import did, or would do on a dry run. */
export function ImportReportView({ report: r }: { report: Report }) {
  return (
    <div className="notice notice-ok" role="status">
      <strong>{r.dryRun ? 'Dry run: the YAML is valid. Nothing was changed.' : 'Imported.'}</strong>
      <p>
        {r.services} services with {r.checks} checks in the file: {r.created} {r.dryRun ? 'would be' : ''} created, {r.updated}{' '}
        {r.dryRun ? 'would be' : ''} updated, {r.removed} {r.dryRun ? 'would be' : ''} removed.
      </p>
    </div>
  )
}
