import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { BreakerTestPage } from './BreakerTestPage'
import { DeploysPage } from './DeploysPage'
import { DrillPage, DrillsPage } from './DrillsPage'
import { FaultsPage } from './FaultsPage'
import { LoadRunPage } from './LoadRunPage'
import { LoadTestEditor } from './LoadTestEditor'
import { LoadTestPage } from './LoadTestPage'
import { LoadTestsPage } from './LoadTestsPage'
import { ProbesPage } from './ProbesPage'
import { ScanRunPage } from './ScanRunPage'
import { ScansPage } from './ScansPage'
import { ScanTargetPage } from './ScanTargetPage'
import { SuiteEditor } from './SuiteEditor'
import { VerificationPage } from './VerificationPage'

/** The routes of the Testing area. */
const ROUTES: RouteTable = [
  ['', () => <LoadTestsPage />],
  ['load', () => <LoadTestsPage />],
  ['load/new', () => <LoadTestEditor />],
  ['load/runs/:run', ({ ids }) => <LoadRunPage key={ids.run} id={ids.run!} />],
  ['load/:id', ({ ids }) => <LoadTestPage key={ids.id} id={ids.id!} />],
  ['load/:id/edit', ({ ids }) => <LoadTestEditor key={ids.id} id={ids.id!} />],
  ['scans', () => <ScansPage />],
  ['scans/new', () => <ScanTargetPage />],
  ['scans/runs/:run', ({ ids }) => <ScanRunPage key={ids.run} id={ids.run!} />],
  ['scans/:id', ({ ids }) => <ScanTargetPage key={ids.id} id={ids.id!} />],
  ['deploys', () => <DeploysPage />],
  ['deploys/suites/new', () => <SuiteEditor />],
  ['deploys/suites/:id', ({ ids }) => <SuiteEditor key={ids.id} id={ids.id!} />],
  ['deploys/runs/:run', ({ ids }) => <VerificationPage key={ids.run} id={ids.run!} />],
  ['probes', () => <ProbesPage />],
  ['faults', () => <FaultsPage />],
  ['faults/tests/:id', ({ ids }) => <BreakerTestPage key={ids.id} id={ids.id!} />],
  ['drills', () => <DrillsPage />],
  ['drills/:id', ({ ids }) => <DrillPage key={ids.id} id={ids.id!} />]
]

export function TestingPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? <NoSuchPage title="Testing" path={route.path} back="/testing" backLabel="Back to the load tests" />
  )
}
