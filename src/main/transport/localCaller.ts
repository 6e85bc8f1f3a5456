import os from 'node:os'
import { localAdmin, type Caller } from '../core/caller'

let cached: Caller | undefined

/** The desktop app's caller and serve mode's single-token caller: the local admin, named after the OS user. */
export function desktopCaller(): Caller {
  if (!cached) {
    let name = 'local admin'
    try {
      name = os.userInfo().username || name
    } catch {
      // no passwd entry (some containers): keep the generic name
    }
    cached = localAdmin(name)
  }
  return cached
}
