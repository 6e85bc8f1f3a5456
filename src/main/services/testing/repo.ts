/** The testing area's SQL, one repository per part (repos/). */
import type { Db } from '../../db/open'
import { LoadRepo } from './repos/load'
import { ScanRepo } from './repos/scans'

export class TestingRepo {
  readonly load: LoadRepo
  readonly scans: ScanRepo

  constructor(db: Db) {
    this.load = new LoadRepo(db)
    this.scans = new ScanRepo(db)
  }

  /** After a restart: work that was running when the console stopped is marked interrupted. */
  interruptRunning(at: number): void {
    this.load.interruptRunning(at)
    this.scans.interruptRunning(at)
  }
}
