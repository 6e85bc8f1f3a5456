import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export type ThemePreference = 'system' | 'light' | 'dark'

/** UI state only: server data lives in react-query. */
interface UiState {
  theme: ThemePreference
  paletteOpen: boolean
  setTheme(theme: ThemePreference): void
  setPaletteOpen(open: boolean): void
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      theme: 'system',
      paletteOpen: false,
      setTheme: (theme) => set({ theme }),
      setPaletteOpen: (paletteOpen) => set({ paletteOpen })
    }),
    { name: 'cc-ui', partialize: (s) => ({ theme: s.theme }) }
  )
)
