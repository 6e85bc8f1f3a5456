import { useState } from 'react'
import type { JobDefinition } from '../../../../shared/contract/mlops'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { runPillProps } from './labels'

/** Run the job over a grid (or a random sample) of parameter values; results compare in the Models area. */
export function SweepsPanel({ job }: { job: JobDefinition }) {
  const sweeps = useChannel('mlops:sweeps', { jobId: job.id })
  const start = useCommand('mlops:startSweep', ['mlops:sweeps', 'mlops:runs'])
  const [space, setSpace] = useState('')
  const [mode, setMode] = useState<'grid' | 'random'>('grid')
  const [parallelism, setParallelism] = useState('2')
  const [samples, setSamples] = useState('10')
  return (
    <section className="card">
      <h2>Sweeps</h2>
      {sweeps.data?.map((s) => {
        const versions = s.runs.filter((r) => r.versionId).map((r) => `v${r.versionId}`)
        const keys = [...new Set(s.runs.flatMap((r) => Object.keys(r.metrics)))]
        return (
          <div key={s.id} className="sweep">
            <h3>
              Sweep #{s.id} ({s.mode}, {s.parallelism} at once){' '}
              {versions.length > 1 && <a href={href(`/models/compare/${versions.join(',')}`)}>Compare {versions.length} versions</a>}
            </h3>
            <table className="table" aria-label={`Sweep ${s.id}`}>
              <thead>
                <tr>
                  <th>Run</th>
                  <th>State</th>
                  <th>Parameters</th>
                  {keys.map((k) => (
                    <th key={k} className="num">
                      {k}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={href(`/mlops/runs/${r.id}`)}>#{r.id}</a>
                    </td>
                    <td>
                      <span {...runPillProps(r.state)} />
                    </td>
                    <td className="mono small">
                      {Object.entries(r.params)
                        .map(([k, v]) => `${k}=${v.length > 30 ? '…' + v.slice(-28) : v}`)
                        .join(' ')}
                    </td>
                    {keys.map((k) => (
                      <td key={k} className="num">
                        {r.metrics[k]?.toFixed(4) ?? '—'}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      })}
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          const parsed: Record<string, string[]> = {}
          for (const line of space
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)) {
            const eq = line.indexOf('=')
            if (eq > 0)
              parsed[line.slice(0, eq).trim()] = line
                .slice(eq + 1)
                .split(',')
                .map((v) => v.trim())
                .filter(Boolean)
          }
          start.mutate({ jobId: job.id, mode, space: parsed, parallelism: Number(parallelism) || 2, samples: Number(samples) || 10 })
        }}
      >
        <div className="form-row">
          <Field label="Values" error={fieldError(start.error, 'space')} hint="One parameter per line: name=v1,v2,v3">
            <textarea
              className="mono"
              rows={3}
              value={space}
              onChange={(e) => setSpace(e.target.value)}
              placeholder={job.params[0] ? `${job.params[0].name}=…` : ''}
            />
          </Field>
          <Field label="Mode">
            <select value={mode} onChange={(e) => setMode(e.target.value as 'grid' | 'random')}>
              <option value="grid">every combination</option>
              <option value="random">random sample</option>
            </select>
          </Field>
          {mode === 'random' && (
            <Field label="Samples" error={fieldError(start.error, 'samples')}>
              <input value={samples} onChange={(e) => setSamples(e.target.value)} inputMode="numeric" />
            </Field>
          )}
          <Field label="At once" error={fieldError(start.error, 'parallelism')}>
            <input value={parallelism} onChange={(e) => setParallelism(e.target.value)} inputMode="numeric" />
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit">Start sweep</button>
        </div>
        {start.error && !fieldError(start.error, 'space') && <ErrorNotice error={start.error} />}
      </form>
    </section>
  )
}
