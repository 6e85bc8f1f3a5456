import { describe, expect, it } from 'vitest'
import { idLikeReason } from './idLike'

const col = (name: string, kind: 'numeric' | 'categorical' | 'text' | 'datetime', distinct = 100, present = 100) =>
  idLikeReason({ name, kind, present, distinct })

describe('ID-like columns', () => {
  it('are unique per row: categories that never repeat, or any column named like an ID whose values never repeat', () => {
    expect(col('order_ref', 'categorical')).toBe('unique per row')
    for (const name of ['id', 'ID', 'user_id', 'order-uuid', 'customerId', 'request.key', 'guid'])
      expect(col(name, 'numeric')).toBe('unique per row')
    expect(col('customer_id', 'text')).toBe('unique per row')
  })

  it('leave alone numbers that merely never repeat, free text, repeated values and tiny samples', () => {
    expect(col('price', 'numeric')).toBeNull()
    expect(col('signup_at', 'datetime')).toBeNull()
    expect(col('notes', 'text')).toBeNull()
    expect(col('paid', 'numeric')).toBeNull() // "paid" ends in "id" but is not an ID name
    expect(col('user_id', 'numeric', 99)).toBeNull()
    expect(col('user_id', 'numeric', 10, 10)).toBeNull()
  })
})
