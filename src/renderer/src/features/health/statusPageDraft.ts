import type { ChannelInput, ChannelOutput } from '../../../../shared/contract'

type Page = ChannelOutput<'statusPages:list'>[number]

export interface StatusPageDraft {
  slug: string
  title: string
  description: string
  serviceIds: number[]
  /** The slug was typed by the user: stop deriving it from the title. */
  slugTouched: boolean
}

export const emptyStatusPage = (): StatusPageDraft => ({ slug: '', title: '', description: '', serviceIds: [], slugTouched: false })

export const draftOfPage = (p: Page): StatusPageDraft => ({
  slug: p.slug,
  title: p.title,
  description: p.description,
  serviceIds: [...p.serviceIds],
  slugTouched: true
})

/** "Shop & Payments status" → "shop-payments-status": a suggested address from the title. */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '')
}

export function statusPageInputOf(d: StatusPageDraft, id?: number): ChannelInput<'statusPages:save'> {
  return {
    ...(id !== undefined ? { id } : {}),
    slug: d.slug.trim(),
    title: d.title.trim(),
    description: d.description.trim(),
    serviceIds: d.serviceIds
  }
}

/** The page's public address on this server (serve mode), or its path when the console runs as a desktop app. */
export const publicUrl = (path: string, origin: string | null): string => (origin ? `${origin}${path}` : path)
