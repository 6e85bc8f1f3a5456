import { describe, expect, it } from 'vitest'
import { channels } from '../../../../shared/contract'
import { draftOfPage, emptyStatusPage, publicUrl, slugOf, statusPageInputOf } from './statusPageDraft'

describe('status page drafts', () => {
  it('suggests an address from the title that the contract accepts', () => {
    expect(slugOf('Shop & Payments — Status!')).toBe('shop-payments-status')
    expect(slugOf('Café Zürich')).toBe('cafe-zurich')
    const long = slugOf('x'.repeat(63) + ' y')
    expect(long.length).toBeLessThanOrEqual(64)
    expect(long.endsWith('-')).toBe(false)
    const input = statusPageInputOf({ ...emptyStatusPage(), title: ' Shop ', slug: slugOf('Shop'), serviceIds: [2] })
    expect(channels['statusPages:save'].input.safeParse(input).success).toBe(true)
  })
  it('edits a page with its id and names every problem of an empty one', () => {
    const page = {
      id: 4,
      slug: 'shop',
      title: 'Shop',
      description: 'd',
      serviceIds: [1, 2],
      serviceNames: [],
      path: '/status/shop',
      notes: [],
      updatedAt: 0
    }
    expect(statusPageInputOf(draftOfPage(page), 4)).toEqual({ id: 4, slug: 'shop', title: 'Shop', description: 'd', serviceIds: [1, 2] })
    const parsed = channels['statusPages:save'].input.safeParse(statusPageInputOf(emptyStatusPage()))
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['serviceIds', 'slug', 'title'])
    expect(publicUrl('/status/shop', 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/status/shop')
    expect(publicUrl('/status/shop', null)).toBe('/status/shop')
  })
})
