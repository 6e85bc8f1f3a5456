/** Columns that identify rows (an ID, a UUID): every value differs, so a drift test on them says nothing. */
import type { ColumnKind } from '../../../shared/contract/drift'

/** Fewer present values than this and "all distinct" is not telling. */
export const ID_MIN_ROWS = 20

/** Names such as id, uuid, user_id, order-uuid, customerId, request.key. */
const ID_NAME = /(^|[_\s.-])(id|uuid|guid|key)$/i
const CAMEL_ID = /[a-z](Id|Uuid|ID|UUID)$/

export const LEFT_OUT_UNIQUE = 'unique per row'

/**
 * "unique per row" when every present value of the reference differs and the column is categorical (strings such as
 * order numbers) or is named like an ID. Numbers that merely never repeat (a price, a timestamp) are kept, and free
 * text that is not named like an ID keeps its own reason.
 */
export function idLikeReason(c: { name: string; kind: ColumnKind; present: number; distinct: number }): string | null {
  if (c.present < ID_MIN_ROWS || c.distinct < c.present) return null
  if (c.kind === 'categorical' || ID_NAME.test(c.name) || CAMEL_ID.test(c.name)) return LEFT_OUT_UNIQUE
  return null
}

export const leftOutMessage = (reason: string): string =>
  `Left out: ${reason} (every value differs, like an ID), so a drift test says nothing. Tick “Include” in the check’s column settings to test it.`
