import { createApp, type App, type AppOptions } from '../app'
import type { TeamStore } from './store'

/**
 * The workspaces of a team server, one App (its own SQLite file, pollers, bus) per workspace: opened at start and when
 * created, or on first use; closed with the server.
 */
export class WorkspaceRegistry {
  private apps = new Map<string, App>()
  private listeners: ((slug: string, app: App) => void)[] = []

  constructor(
    private store: TeamStore,
    private appOptions: Omit<AppOptions, 'workspacePath'>
  ) {}

  /** The App of a workspace the store knows, opening it if needed; null for an unknown slug. */
  get(slug: string): App | null {
    const open = this.apps.get(slug)
    if (open) return open
    if (!this.store.hasWorkspace(slug)) return null
    const app = createApp({ ...this.appOptions, workspacePath: this.store.workspaceFile(slug) })
    this.apps.set(slug, app)
    for (const l of this.listeners) l(slug, app)
    return app
  }

  openAll(): App[] {
    return this.store.listWorkspaces().flatMap((w) => this.get(w.slug) ?? [])
  }

  /** The workspaces open now, by slug. */
  open(): [string, App][] {
    return [...this.apps]
  }

  /** Called for every workspace opened from now on (and, at once, for those open already). */
  onOpen(listener: (slug: string, app: App) => void): () => void {
    this.listeners.push(listener)
    for (const [slug, app] of this.apps) listener(slug, app)
    return () => void (this.listeners = this.listeners.filter((l) => l !== listener))
  }

  async close(): Promise<void> {
    for (const app of this.apps.values()) await app.close()
    this.apps.clear()
  }
}
