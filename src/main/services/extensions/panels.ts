/**
 * Extensions' panel data sources for dashboards: `dashboardPanels` contributions without a UI entry, answered by the
 * extension's `api.panels.register(name, fn)` handler (started when needed). Dashboards check the answer's shape.
 */
import { parseExtKind, type ExtensionManifest } from '../../../shared/extensions'
import type { ExtensionPanelProvider, ExtensionPanelSource } from '../dashboards/api'
import type { InvokeKind } from './process'

export interface PanelHost {
  installed(): { id: string; name: string; status: string; manifest: ExtensionManifest }[]
  manifestOf(id: string): ExtensionManifest
  invoke(id: string, kind: InvokeKind, name: string, payload: unknown): Promise<unknown>
}

export function extensionPanels(host: PanelHost): ExtensionPanelProvider {
  return {
    sources: (): ExtensionPanelSource[] =>
      host
        .installed()
        .flatMap((e) =>
          e.manifest.contributes.dashboardPanels
            .filter((p) => !p.entry)
            .map((p) => ({ kind: `ext:${e.id}/${p.name}`, title: p.title, extension: e.id, extensionName: e.name, status: e.status }))
        ),
    data: async (kind, input) => {
      const ref = parseExtKind(kind)
      if (!ref) throw new Error(`${kind} is not ext:<extension id>/<panel>`)
      const panel = host.manifestOf(ref.extensionId).contributes.dashboardPanels.find((p) => p.name === ref.name && !p.entry)
      if (!panel) throw new Error(`the extension ${ref.extensionId} contributes no panel data source "${ref.name}"`)
      return host.invoke(ref.extensionId, 'panel', ref.name, input)
    }
  }
}
