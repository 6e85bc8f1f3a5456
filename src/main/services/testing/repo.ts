/** The testing area's SQL, one repository per part (repos/). */
import { inTransaction, type Db } from '../../db/open'
import { LoadRepo } from './repos/load'
import { DeployRepo } from './repos/deploys'
import { DrillRepo } from './repos/drills'
import { FaultRepo } from './repos/faults'
import { ScanRepo } from './repos/scans'
import { TokenRepo } from './repos/tokens'

export class TestingRepo {
  readonly load: LoadRepo
  readonly scans: ScanRepo
  readonly deploys: DeployRepo
  readonly tokens: TokenRepo
  readonly faults: FaultRepo
  readonly drills: DrillRepo

  constructor(private readonly db: Db) {
    this.load = new LoadRepo(db)
    this.scans = new ScanRepo(db)
    this.deploys = new DeployRepo(db)
    this.tokens = new TokenRepo(db)
    this.faults = new FaultRepo(db)
    this.drills = new DrillRepo(db)
  }

  /** After a restart: work that was running when the console stopped is marked interrupted. */
  interruptRunning(at: number): void {
    const work = [
      ['testing_load_runs', 'run'],
      ['testing_scans', 'scan'],
      ['testing_suite_runs', 'run'],
      ['testing_breaker_tests', 'test'],
      ['testing_drills', 'drill']
    ] as const
    inTransaction(this.db, () => {
      for (const [table, noun] of work)
        this.db
          .prepare(`UPDATE ${table} SET state = 'interrupted', ended_at = ?, error = ? WHERE state = 'running'`)
          .run(at, `the console stopped during this ${noun}`)
    })
  }
}
