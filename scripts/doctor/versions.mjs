// @ts-check
// The Node and npm versions each command needs, read from package.json (`engines` and `desktopEngines`):
// the one place the README, npm and the doctor take them from.

/** @param {string} text "20.19.0" or "v20.19.0" (pre-release tags ignored) */
export function parseVersion(text) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text).trim())
  if (!m) return null
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** The minimum of a ">=X.Y.Z" range, the only form package.json uses; any other form is refused by name. */
export function minimumOf(/** @type {string | undefined} */ range, /** @type {string} */ where) {
  const m = /^>=\s*v?(\d+\.\d+\.\d+)$/.exec(String(range ?? '').trim())
  if (!m) throw new Error(`package.json ${where} must be a ">=X.Y.Z" range, found ${JSON.stringify(range)}`)
  return /** @type {string} */ (m[1])
}

/** True when `version` is at least `minimum` (both "X.Y.Z", with or without a leading v). */
export function atLeast(/** @type {string} */ version, /** @type {string} */ minimum) {
  const a = parseVersion(version)
  const b = parseVersion(minimum)
  if (!a || !b) return false
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return /** @type {number} */ (a[i]) > /** @type {number} */ (b[i])
  return true
}

/**
 * @typedef {{ node: string, npm: string, desktopNode: string }} Requirements
 * @param {{ engines?: Record<string, string>, desktopEngines?: Record<string, string> }} pkg
 * @returns {Requirements}
 */
export function requirements(pkg) {
  return {
    node: minimumOf(pkg.engines?.node, 'engines.node'),
    npm: minimumOf(pkg.engines?.npm, 'engines.npm'),
    desktopNode: minimumOf(pkg.desktopEngines?.node, 'desktopEngines.node')
  }
}
