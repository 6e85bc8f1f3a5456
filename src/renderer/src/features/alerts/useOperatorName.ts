import { useState } from 'react'
import { useChannel } from '../../lib/queries'

const NAME_KEY = 'cc-ack-name'

/**
 * The person acting on an alert: the name typed last in this browser, else the OS account running the console (serve
 * mode has no user accounts, so each browser remembers its person's name). Acknowledging and notes share it.
 */
export function useOperatorName() {
  const info = useChannel('system:info')
  const [typed, setTyped] = useState<string | null>(() => localStorage.getItem(NAME_KEY))
  const name = typed ?? info.data?.user ?? ''
  return { name, setName: setTyped, remember: () => localStorage.setItem(NAME_KEY, name.trim()) }
}
