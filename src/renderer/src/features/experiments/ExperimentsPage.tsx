import { useState, type ReactNode } from 'react'
import type { Route } from '../../app/router'
import { href, navigate } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { matchRoute, type Params, type RouteTable } from '../../lib/areaRouter'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { AssignPage } from './AssignPage'
import { SrmBadge, StatusPill } from './badges'
import { CumulativePage } from './CumulativePage'
import { DecisionPage } from './DecisionPage'
import { DimensionsPage } from './DimensionsPage'
import { ExperimentForm } from './ExperimentForm'
import { ExperimentFrame } from './ExperimentFrame'
import { formatUnits } from './format'
import { ImportPage } from './ImportPage'
import { PowerPage } from './PowerPage'
import { ReportPage } from './ReportPage'
import { ResultsPage } from './ResultsPage'

/** A tab of one experiment: the frame (header, tabs) around the tab's page. */
const tab =
  (name: string, body: (id: number) => ReactNode) =>
  ({ ids }: Params) => (
    <ExperimentFrame key={ids.id} id={ids.id!} tab={name}>
      {() => body(ids.id!)}
    </ExperimentFrame>
  )

const ROUTES: RouteTable = [
  ['', () => <ExperimentList />],
  ['new', () => <ExperimentForm experiment={null} />],
  [':id', tab('', (id) => <ResultsPage id={id} />)],
  [':id/cumulative', tab('cumulative', (id) => <CumulativePage id={id} />)],
  [':id/dimensions', tab('dimensions', (id) => <DimensionsPage id={id} />)],
  [':id/power', tab('power', (id) => <PowerPage id={id} />)],
  [':id/decision', tab('decision', (id) => <DecisionPage id={id} />)],
  [':id/import', tab('import', (id) => <ImportPage id={id} />)],
  [':id/assign', tab('assign', (id) => <AssignPage id={id} />)],
  [
    ':id/edit',
    ({ ids }) => (
      <ExperimentFrame key={ids.id} id={ids.id!} tab="edit">
        {(x) => <ExperimentForm experiment={x} />}
      </ExperimentFrame>
    )
  ],
  [':id/report', ({ ids }) => <ReportPage key={ids.id} id={ids.id!} />]
]

export function ExperimentsPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? (
      <NoSuchPage title="Experiments" path={route.path} back="/experiments" backLabel="Back to the experiments" />
    )
  )
}

function ExperimentList() {
  const [search, setSearch] = useState('')
  const list = useChannel('experiments:list', { search })
  return (
    <div className="page experiments-page">
      <PageHeader
        title="Experiments"
        subtitle="A/B tests of model versions and features: assignment, results with three engines, decisions."
        actions={
          <button className="primary" onClick={() => navigate('/experiments/new')}>
            New experiment
          </button>
        }
      />
      <div className="toolbar">
        <input
          type="search"
          className="wide"
          placeholder="Search by name, owner, hypothesis, flag…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Search experiments"
        />
      </div>
      {list.isPending && <Loading what="experiments" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data?.length === 0 && (
        <EmptyState
          title={search ? 'No experiment matches' : 'No experiments yet'}
          action={
            search ? (
              <button onClick={() => setSearch('')}>Clear the search</button>
            ) : (
              <button className="primary" onClick={() => navigate('/experiments/new')}>
                Create an experiment
              </button>
            )
          }
        >
          {search
            ? `Nothing is named, owned or described “${search}”.`
            : 'Create one with its variations (e.g. the champion and a challenger model version), metrics and split, then import exposures and events to see results.'}
        </EmptyState>
      )}
      {!!list.data?.length && (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>Experiment</th>
                <th>Status</th>
                <th>Primary metric</th>
                <th className="num">Units</th>
                <th>SRM</th>
                <th>Decision</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((x) => (
                <tr key={x.id}>
                  <td>
                    <a href={href(`/experiments/${x.id}`)}>{x.name}</a>
                    <div className="muted small">
                      {x.variations} variations{x.owner ? ` · ${x.owner}` : ''}
                    </div>
                  </td>
                  <td>
                    <StatusPill status={x.status} />
                  </td>
                  <td>{x.primaryMetric ?? <span className="muted">none</span>}</td>
                  <td className="num">{x.units ? formatUnits(x.units) : '—'}</td>
                  <td>
                    <SrmBadge srm={x.srm} />
                  </td>
                  <td>
                    {x.decision ? (
                      `${x.decision}${x.decisionVariation ? `: ${x.decisionVariation}` : ''}`
                    ) : (
                      <span className="muted">none yet</span>
                    )}
                  </td>
                  <td className="small">{x.startedAt ? formatTime(x.startedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
