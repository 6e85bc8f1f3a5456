import fs from 'node:fs'

/** How many child processes of this process have `arg` among their arguments (Linux /proc): extension hosts, workers. */
export function childProcessesWith(arg: string): number {
  let n = 0
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) continue
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(arg)) n++
    } catch {
      // the process ended meanwhile
    }
  }
  return n
}
