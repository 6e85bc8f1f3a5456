import { useResolvedTheme } from '../app/theme'

/** Status colors for charts, the same values as the --up/--warn/--down/--maint/--idle variables in styles.css. */
export interface StatusColors {
  up: string
  degraded: string
  down: string
  maintenance: string
  noData: string
  accent: string
  p50: string
  p95: string
  p99: string
}

export const STATUS_COLORS: Record<'light' | 'dark', StatusColors> = {
  light: {
    up: '#1a7f37',
    degraded: '#b7791f',
    down: '#cf222e',
    maintenance: '#6f42c1',
    noData: '#d0d7de',
    accent: '#1f6feb',
    p50: '#1f6feb',
    p95: '#b7791f',
    p99: '#cf222e'
  },
  dark: {
    up: '#3fb950',
    degraded: '#d29922',
    down: '#f85149',
    maintenance: '#a371f7',
    noData: '#30363d',
    accent: '#4c8dff',
    p50: '#4c8dff',
    p95: '#d29922',
    p99: '#f85149'
  }
}

export const useStatusColors = (): StatusColors => STATUS_COLORS[useResolvedTheme()]
