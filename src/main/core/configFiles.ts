/**
 * What an area offers the provisioned folder (dashboards' provisioning): apply one file of its kind, and write its
 * configuration as files. Each area provides one as a port (`healthFiles`, `alertsFiles`, `featuresFiles`).
 */
export interface FileApplied {
  /** False when the file says what is already applied: nothing was written. */
  changed: boolean
  /** What the file defines, as its area names it (`production/checkout`, a rule name, a view name). */
  objects: string[]
  /** One line for the provisioning table. */
  summary: string
}

export interface ConfigFiles {
  /**
   * Parses, validates and applies one file in one transaction; writes nothing when everything in it is already so.
   * Throws a YamlError (core/yamlIssues) naming line, column and field, or an AppError naming the field.
   */
  apply(text: string, file: { name: string; dir: string }): FileApplied
  /** The area's configuration as files: paths relative to the folder, keys sorted so the bytes are stable. */
  exportFiles(): { path: string; text: string }[]
}

/** A name as a file name: letters, digits, dot, dash and underscore kept, the rest `_`. */
export const fileSafe = (name: string): string => name.replace(/[^A-Za-z0-9._-]/g, '_') || '_'

/** "1 rule", "3 rules". */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
