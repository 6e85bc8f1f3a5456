/**
 * What other areas may offer dashboards: panel data sources from outside the area (extensions' `dashboardPanels`).
 * Dashboards list them as a panel source and validate what they answer.
 */
import type { PanelType } from '../../../shared/contract/dashboards'

export interface ExtensionPanelSource {
  /** ext:<extension id>/<panel> */
  kind: string
  title: string
  extension: string
  extensionName: string
  status: string
}

export interface ExtensionPanelProvider {
  sources(): ExtensionPanelSource[]
  /** The extension's answer for one panel (unvalidated: dashboards check its shape). */
  data(kind: string, input: { params: Record<string, string>; from: number; to: number; panelType: PanelType }): Promise<unknown>
}

export interface DashboardPanelSources {
  setExtensionPanels(provider: ExtensionPanelProvider | null): void
}

declare module '../../core/ports' {
  interface Ports {
    dashboardPanelSources: DashboardPanelSources
  }
}
