import { create } from 'zustand'
import { useChannel } from '../../lib/queries'

const NAME_KEY = 'cc-ack-name'

/** The name typed on this page (shared by the acknowledge and note forms), else the one remembered in this browser. */
const useTyped = create<{ typed: string | null; setTyped(v: string): void }>()((set) => ({
  typed: localStorage.getItem(NAME_KEY),
  setTyped: (typed) => set({ typed })
}))

/**
 * The person acting on an alert: the name typed last in this browser, else the OS account running the console (serve
 * mode has no user accounts, so each browser remembers its person's name). Acknowledging and notes share it.
 */
export function useOperatorName() {
  const info = useChannel('system:info')
  const { typed, setTyped } = useTyped()
  const name = typed ?? info.data?.user ?? ''
  return { name, setName: setTyped, remember: () => localStorage.setItem(NAME_KEY, name.trim()) }
}
