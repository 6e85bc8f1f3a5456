/** Public status pages: a group of services with state, 90 days of daily uptime from the rollups, and incident notes. */
import { conflict, invalid, notFound } from '../../../shared/errors'
import type { PublicStatus, ServiceSummary, StatusNoteInput, StatusPageInput, StatusPageView } from '../../../shared/contract'
import type { z } from 'zod'
import type { Clock } from '../../core/clock'
import type { Db } from '../../db/open'
import { uptimeOf } from './rollup'
import { serviceState } from './state'
import { DAY, StatusPageRepo } from './statusPageRepo'

export const STATUS_DAYS = 90
export const statusPath = (slug: string): string => `/status/${slug}`

export class StatusPages {
  readonly repo: StatusPageRepo
  /** Bumped by every write, so cached public answers never outlive an edit. */
  revision = 0

  constructor(
    db: Db,
    private clock: Clock,
    /** The current summary of every service (state, maintenance). */
    private overview: () => ServiceSummary[],
    private serviceExists: (id: number) => boolean
  ) {
    this.repo = new StatusPageRepo(db)
  }

  list(): StatusPageView[] {
    const names = new Map(this.overview().map((s) => [s.id, s.name]))
    const members = this.repo.members()
    const notes = this.repo.notes()
    return this.repo.pages().map((p) => {
      const ids = members.get(p.id) ?? []
      return {
        id: p.id,
        slug: p.slug,
        title: p.title,
        description: p.description,
        serviceIds: ids,
        serviceNames: ids.map((id) => names.get(id) ?? `service ${id}`),
        path: statusPath(p.slug),
        notes: notes.filter((n) => n.page_id === p.id).map((n) => ({ id: n.id, at: n.at, title: n.title, body: n.body })),
        updatedAt: p.updated_at
      }
    })
  }

  save(input: z.output<typeof StatusPageInput> & { id?: number | undefined }): { id: number } {
    if (input.id !== undefined && !this.repo.page(input.id)) throw notFound(`status page ${input.id}`)
    const clash = this.repo.bySlug(input.slug)
    if (clash && clash.id !== input.id) throw conflict(`the address /status/${input.slug} is taken by “${clash.title}”`, 'slug')
    const serviceIds = [...new Set(input.serviceIds)]
    serviceIds.forEach((sid, i) => {
      if (!this.serviceExists(sid)) throw invalid(`serviceIds.${i}`, `service ${sid} does not exist (it may have been deleted)`)
    })
    const id = this.repo.save(input.id, { ...input, serviceIds }, this.clock.now())
    this.revision++
    return { id }
  }

  delete(id: number): { id: number } {
    if (this.repo.delete(id) === 0) throw notFound(`status page ${id}`)
    this.revision++
    return { id }
  }

  addNote(n: z.output<typeof StatusNoteInput>): { id: number } {
    if (!this.repo.page(n.pageId)) throw notFound(`status page ${n.pageId}`)
    const id = this.repo.addNote(n.pageId, { at: n.at ?? this.clock.now(), title: n.title, body: n.body })
    this.revision++
    return { id }
  }

  deleteNote(id: number): { id: number } {
    if (this.repo.deleteNote(id) === 0) throw notFound(`note ${id}`)
    this.revision++
    return { id }
  }

  preview(id: number): PublicStatus {
    const page = this.repo.page(id)
    if (!page) throw notFound(`status page ${id}`)
    return this.publicOf(page.id)
  }

  /** What anyone may see of the page at /status/<slug>, or null when there is no such page. */
  publicBySlug(slug: string): PublicStatus | null {
    const page = this.repo.bySlug(slug)
    return page ? this.publicOf(page.id) : null
  }

  private publicOf(pageId: number): PublicStatus {
    const page = this.repo.page(pageId)!
    const now = this.clock.now()
    const today = Math.floor(now / DAY) * DAY
    const from = today - (STATUS_DAYS - 1) * DAY
    const ids = this.repo.members().get(pageId) ?? []
    const summaries = new Map(this.overview().map((s) => [s.id, s]))
    const shown = ids.map((id) => summaries.get(id)).filter((s): s is ServiceSummary => s !== undefined)
    const counts = this.repo.dailyCounts(
      shown.map((s) => s.id),
      from
    )
    const services = shown.map((s) => {
      const mine = new Map(counts.filter((c) => c.serviceId === s.id).map((c) => [c.day, c]))
      const days = Array.from({ length: STATUS_DAYS }, (_, i) => {
        const day = from + i * DAY
        const c = mine.get(day)
        return {
          day: new Date(day).toISOString().slice(0, 10),
          uptime: c ? uptimeOf(c.count, c.failures, c.maintenance) : null,
          checks: c?.count ?? 0
        }
      })
      const total = [...mine.values()].reduce(
        (a, c) => ({ count: a.count + c.count, failures: a.failures + c.failures, maintenance: a.maintenance + c.maintenance }),
        { count: 0, failures: 0, maintenance: 0 }
      )
      return { name: s.name, state: s.state, uptime: uptimeOf(total.count, total.failures, total.maintenance), days }
    })
    return {
      title: page.title,
      description: page.description,
      generatedAt: now,
      state: serviceState(
        shown.map((s) => s.state),
        false
      ),
      services,
      notes: this.repo.notes(pageId).map((n) => ({ at: n.at, title: n.title, body: n.body }))
    }
  }
}
