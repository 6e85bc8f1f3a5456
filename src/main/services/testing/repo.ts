/** The testing area's SQL, one repository per part (repos/). */
import type { Db } from '../../db/open'
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

  constructor(db: Db) {
    this.load = new LoadRepo(db)
    this.scans = new ScanRepo(db)
    this.deploys = new DeployRepo(db)
    this.tokens = new TokenRepo(db)
    this.faults = new FaultRepo(db)
    this.drills = new DrillRepo(db)
  }

  /** After a restart: work that was running when the console stopped is marked interrupted. */
  interruptRunning(at: number): void {
    this.load.interruptRunning(at)
    this.scans.interruptRunning(at)
    this.deploys.interruptRunning(at)
    this.faults.interruptRunning(at)
    this.drills.interruptRunning(at)
  }
}
