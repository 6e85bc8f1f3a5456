/**
 * Every area of the console, built or planned, in sidebar order. An area is available when the renderer's module
 * list has it (src/renderer/src/app/modules.ts); the others show "Not available yet".
 */
export const AREAS = [
  { id: 'overview', label: 'Overview', group: 'Operate', blurb: 'Status of every service at a glance.' },
  { id: 'dashboards', label: 'Dashboards', group: 'Operate', blurb: 'Custom dashboards from every area.' },
  { id: 'services', label: 'Services', group: 'Operate', blurb: 'Health checks, uptime and latency per service.' },
  { id: 'alerts', label: 'Alerts', group: 'Operate', blurb: 'Alert rules, incidents and notifications.' },
  { id: 'logs', label: 'Logs', group: 'Operate', blurb: 'Search and tail service logs.' },
  { id: 'metrics', label: 'Metrics', group: 'Operate', blurb: 'Request rates, latency and resources; forecasts and tuning advice.' },
  { id: 'testing', label: 'Testing', group: 'Operate', blurb: 'Load tests, security scans, deploy verification and recovery drills.' },
  { id: 'models', label: 'Models', group: 'ML', blurb: 'Model registry, versions and comparison.' },
  { id: 'drift', label: 'Drift', group: 'ML', blurb: 'Data and prediction drift detection.' },
  { id: 'experiments', label: 'Experiments', group: 'ML', blurb: 'A/B tests of model versions.' },
  { id: 'features', label: 'Features', group: 'ML', blurb: 'Feature store: definitions, training sets, online values.' },
  { id: 'explain', label: 'Explainability', group: 'ML', blurb: 'SHAP explanations of predictions and versions.' },
  { id: 'optimize', label: 'Optimisation', group: 'ML', blurb: 'Tuning studies, ensembles and optimised variants.' },
  { id: 'mlops', label: 'MLOps', group: 'ML', blurb: 'Training jobs, retraining, promotion gates and live model updates.' },
  { id: 'jobs', label: 'Jobs', group: 'ML', blurb: 'Imports, evaluations, runs and retraining jobs.' },
  { id: 'costs', label: 'Costs', group: 'Business', blurb: 'Cloud bills, budgets, forecasts and reports.' },
  { id: 'integrations', label: 'Integrations', group: 'Workspace', blurb: 'Notification channels and data sources.' },
  { id: 'extensions', label: 'Extensions', group: 'Workspace', blurb: 'Extensions and integrations from a catalogue.' },
  { id: 'settings', label: 'Settings', group: 'Workspace', blurb: 'Workspace, backup and appearance.' }
] as const

export type AreaId = (typeof AREAS)[number]['id']
export const AREA_IDS = AREAS.map((a) => a.id) as AreaId[]
export const isAreaId = (id: unknown): id is AreaId => typeof id === 'string' && (AREA_IDS as string[]).includes(id)
