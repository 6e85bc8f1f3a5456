import { useChannel } from '../lib/queries'
import { transportName } from '../lib/client'
import { PresenceAvatars } from './Presence'
import { TeamControls } from './TeamControls'
import { useUi, type ThemePreference } from './store'

const THEMES: ThemePreference[] = ['system', 'light', 'dark']

export function TopBar() {
  const info = useChannel('workspace:info')
  const { theme, setTheme, setPaletteOpen } = useUi()
  const mac = navigator.platform.toLowerCase().includes('mac')
  return (
    <header className="topbar">
      <div className="workspace" title={info.data?.path}>
        <span className="workspace-name">{info.data?.name ?? 'Workspace'}</span>
        <span className="workspace-path">{info.data?.path ?? (info.error ? 'workspace unavailable' : '…')}</span>
      </div>
      <button className="palette-button" onClick={() => setPaletteOpen(true)} aria-label="Open command palette">
        Search or jump to… <kbd>{mac ? '⌘' : 'Ctrl'} K</kbd>
      </button>
      <div className="topbar-right">
        <PresenceAvatars />
        <TeamControls />
        <span className="transport" title="How this window talks to the service layer">
          {transportName() === 'ipc' ? 'desktop' : 'serve mode'}
        </span>
        <label className="theme-switch">
          <span>Theme</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as ThemePreference)} aria-label="Theme">
            {THEMES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  )
}
