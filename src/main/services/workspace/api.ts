/** What other areas may do with the workspace file: a narrow port for recovery drills (testing). */

export interface TableCount {
  name: string
  rows: number
}

export interface WorkspaceBackups {
  /** An online backup of the workspace (SQLite's backup API) into `destination`. */
  backup(destination: string): Promise<{ path: string; sizeBytes: number; durationMs: number }>
  /** Restores a backup into a scratch file — never the live workspace — after checking it as a restore would. */
  restoreCopy(source: string, scratch: string): Promise<void>
  /** Opens a workspace file read-only: its integrity check, whether its migrations are known, its row counts. */
  inspect(file: string): { integrity: string[]; migrations: string | null; tables: TableCount[] }
  /** Row counts of the live workspace. */
  liveCounts(): TableCount[]
}

declare module '../../core/ports' {
  interface Ports {
    workspace: WorkspaceBackups
  }
}
