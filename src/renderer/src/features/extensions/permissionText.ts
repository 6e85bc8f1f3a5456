/** Permissions in words, for the permission prompt and an extension's page. */
export function describePermission(p: string): { title: string; risk: 'low' | 'medium' | 'high' } {
  if (p === 'health:read') return { title: 'Read your services and their checks', risk: 'low' }
  if (p === 'alerts:read') return { title: 'Receive your alerts as they fire and resolve', risk: 'medium' }
  if (p === 'alerts:write') return { title: 'Raise alert signals', risk: 'medium' }
  if (p === 'deploys:write') return { title: 'Record deploy markers for your services', risk: 'medium' }
  if (p.startsWith('net:')) return { title: `Send requests to ${p.slice(4)} (through the console)`, risk: 'medium' }
  if (p.startsWith('fs:read:')) return { title: `Read the files in ${p.slice(8)}`, risk: 'high' }
  return { title: p, risk: 'high' }
}

export const STATUS_HELP: Record<string, string> = {
  active: 'running in its own process',
  starting: 'its process is starting',
  crashed: 'its process ended; it restarts after a pause',
  disabled: 'not running',
  stopped: 'starts when something needs it'
}
