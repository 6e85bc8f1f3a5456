/**
 * Extension views: the HTML file a `views` contribution names, served on a short-lived link (`/ext-view/<nonce>`, a
 * public route: an iframe cannot send the console's token) with a strict policy of its own — the page's inline scripts
 * and styles by hash, the console's bridge script, no network — and the calls its bridge forwards, checked like RPC.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { BRIDGE_SCRIPT, viewPolicy } from '../../../shared/extensionViews'
import type { ExtensionManifest } from '../../../shared/extensions'
import { invalid, notFound } from '../../../shared/errors'
import type { PublicResponse, PublicRoute } from '../../core/httpRoutes'

const MAX_HTML = 512 * 1024
const LINK_TTL_MS = 10 * 60_000
export const VIEW_PREFIX = '/ext-view/'

const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('base64')

/** The view document with the bridge script first in <head>, and its policy (hashes of every inline script and style). */
export function renderView(html: string): { html: string; csp: string } {
  const bridge = `<script>${BRIDGE_SCRIPT}</script>`
  const withBridge = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (h) => h + bridge) : bridge + html
  const inline = (tag: 'script' | 'style') =>
    [...withBridge.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'gi'))]
      .filter((m) => !/\ssrc\s*=/i.test(m[1] ?? ''))
      .map((m) => sha256(m[2]!))
  return { html: withBridge, csp: viewPolicy({ scripts: [...new Set(inline('script'))], styles: [...new Set(inline('style'))] }) }
}

export interface ViewDeps {
  manifestOf(id: string): ExtensionManifest
  folderOf(id: string): string
  now(): number
}

export class ExtensionViews {
  private links = new Map<string, { id: string; view: string; expires: number }>()

  constructor(private deps: ViewDeps) {}

  /** A fresh link to a view, its title and its policy. */
  link(id: string, view: string): { url: string; title: string; csp: string } {
    const v = this.viewOf(id, view)
    const now = this.deps.now()
    for (const [k, l] of this.links) if (l.expires < now) this.links.delete(k)
    const nonce = crypto.randomBytes(24).toString('base64url')
    this.links.set(nonce, { id, view, expires: now + LINK_TTL_MS })
    return { url: `${VIEW_PREFIX}${nonce}`, title: v.title, csp: this.read(id, v.entry).csp }
  }

  /** Throws unless the extension contributes this view. */
  viewOf(id: string, view: string): { name: string; title: string; entry: string } {
    const v = this.deps.manifestOf(id).contributes.views.find((x) => x.name === view)
    if (!v) throw notFound(`view "${view}" of the extension ${id}`)
    return v
  }

  route(): PublicRoute {
    return {
      prefix: VIEW_PREFIX,
      summary: 'An extension view behind a short-lived link, with its own strict policy (framed by the console only)',
      handle: (rest) => this.serve(rest)
    }
  }

  private serve(nonce: string): PublicResponse | null {
    const l = this.links.get(nonce)
    if (!l || l.expires < this.deps.now()) return null
    try {
      const { html, csp } = this.read(l.id, this.viewOf(l.id, l.view).entry)
      // sandbox: even opened on its own the page has an opaque origin; frame-ancestors: only the console frames it
      return { status: 200, contentType: 'text/html', body: html, csp: `${csp}; frame-ancestors 'self'; sandbox allow-scripts` }
    } catch {
      return null
    }
  }

  private read(id: string, entry: string): { html: string; csp: string } {
    const folder = path.resolve(this.deps.folderOf(id))
    const file = path.resolve(folder, entry)
    if (!file.startsWith(folder + path.sep)) throw invalid('view', `${entry} is not in the extension folder`)
    const st = fs.statSync(file, { throwIfNoEntry: false })
    if (!st?.isFile()) throw notFound(`${entry} in the extension ${id}`)
    if (st.size > MAX_HTML) throw invalid('view', `${entry} is larger than ${MAX_HTML / 1024} KB`)
    return renderView(fs.readFileSync(file, 'utf8'))
  }
}
