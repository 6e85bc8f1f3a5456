/** Every area of the console, in sidebar order. `available` flips when the area ships. */
export const AREAS = [
  { id: 'overview', label: 'Overview', group: 'Operate', available: true, blurb: 'Status of every service at a glance.' },
  { id: 'services', label: 'Services', group: 'Operate', available: true, blurb: 'Health checks, uptime and latency per service.' },
  { id: 'alerts', label: 'Alerts', group: 'Operate', available: true, blurb: 'Alert rules, incidents and notifications.' },
  { id: 'logs', label: 'Logs', group: 'Operate', available: false, blurb: 'Search and tail service logs.' },
  { id: 'models', label: 'Models', group: 'ML', available: true, blurb: 'Model registry, versions and comparison.' },
  { id: 'drift', label: 'Drift', group: 'ML', available: true, blurb: 'Data and prediction drift detection.' },
  { id: 'experiments', label: 'Experiments', group: 'ML', available: false, blurb: 'A/B tests of model versions.' },
  { id: 'features', label: 'Features', group: 'ML', available: false, blurb: 'Feature store: definitions, freshness, values.' },
  { id: 'jobs', label: 'Jobs', group: 'ML', available: false, blurb: 'Retraining and batch jobs.' },
  { id: 'costs', label: 'Costs', group: 'Business', available: true, blurb: 'Cloud bills, budgets, forecasts and reports.' },
  { id: 'integrations', label: 'Integrations', group: 'Workspace', available: true, blurb: 'Notification channels and data sources.' },
  { id: 'settings', label: 'Settings', group: 'Workspace', available: true, blurb: 'Workspace, backup and appearance.' }
] as const

export type AreaId = (typeof AREAS)[number]['id']
export const AREA_IDS = AREAS.map((a) => a.id) as AreaId[]
