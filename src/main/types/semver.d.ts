/** The few functions of `semver` (a dependency without bundled types) the console uses. */
declare module 'semver' {
  export function valid(version: string): string | null
  export function validRange(range: string): string | null
  export function satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean
  export function gt(a: string, b: string): boolean
  export function rcompare(a: string, b: string): number
}
