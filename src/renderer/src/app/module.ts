import { lazy, type ComponentType, type LazyExoticComponent } from 'react'
import type { AreaId } from '../../../shared/areas'
import type { ChannelName } from '../../../shared/contract'
import type { EventName } from '../../../shared/events'
import type { Route } from './router'

export type AreaPage = ComponentType<{ route: Route }>

export interface PaletteAction {
  title: string
  subtitle: string
  route: string
}

/**
 * What an area brings to the renderer, declared in `features/<feature>/module.ts`: its page (the area's router, loaded
 * as its own chunk on first visit), which queries the pushed events make stale, and palette actions.
 */
export interface RendererModule {
  area: AreaId
  page: LazyExoticComponent<AreaPage>
  /** Queries each event makes stale; null: every query. */
  invalidations?: Partial<Record<EventName, ChannelName[] | null>>
  /** Events that come in bursts are applied at most once per this many ms. */
  throttleMs?: Partial<Record<EventName, number>>
  actions?: PaletteAction[]
}

/** An area page that loads with its chunk the first time it is opened. */
export const lazyPage = <K extends string>(load: () => Promise<Record<K, AreaPage>>, name: K): LazyExoticComponent<AreaPage> =>
  lazy(async () => ({ default: (await load())[name] }))
