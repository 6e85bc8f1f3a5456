import { yieldToLoop } from './files'
import type { Rng } from './random'

/**
 * The customers of the demo's churn model: the reference (training) data, a drifted production week and a
 * labelled holdout all come from here. The production week has a price rise, a new plan, a support incident and
 * less usage; tenure, contract, payment, region, app use and last login stay as they were.
 */
export const CHURN_COLUMNS = [
  'tenure_months',
  'monthly_charges',
  'contract',
  'plan',
  'payment_method',
  'region',
  'support_tickets_30d',
  'sessions_per_week',
  'has_mobile_app',
  'days_since_last_login',
  'churn_score'
] as const

/** Columns the production week moves far enough to be flagged (the prediction column included). */
export const DRIFTED_COLUMNS = ['monthly_charges', 'plan', 'support_tickets_30d', 'sessions_per_week', 'churn_score']

export interface Customer {
  tenure_months: number
  monthly_charges: number
  contract: string
  plan: string
  payment_method: string
  region: string
  support_tickets_30d: number
  sessions_per_week: number
  has_mobile_app: boolean
  days_since_last_login: number
  /** log-odds of churning, before the model's own error */
  logit: number
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v))
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

function poisson(rng: Rng, mean: number): number {
  const l = Math.exp(-mean)
  let k = 0
  let p = rng.next()
  while (p > l) {
    k++
    p *= rng.next()
  }
  return k
}

export function customer(rng: Rng, production: boolean): Customer {
  const contract = rng.weighted([
    ['month-to-month', 0.55],
    ['one-year', 0.25],
    ['two-year', 0.2]
  ] as const)
  const plan = production
    ? rng.weighted([
        ['basic', 0.24],
        ['standard', 0.38],
        ['premium', 0.2],
        ['premium-plus', 0.18]
      ] as const)
    : rng.weighted([
        ['basic', 0.4],
        ['standard', 0.4],
        ['premium', 0.2]
      ] as const)
  const planPrice = { basic: 35, standard: 62, premium: 89, 'premium-plus': 109 }[plan]
  const tenure = Math.round(clamp(rng.logNormal(16, 0.9), 1, 72))
  const charges = clamp(rng.normal(planPrice * (production ? 1.12 : 1), 9), 15, 140)
  const tickets = poisson(rng, production ? 1.7 : 0.7)
  const sessions = clamp(rng.logNormal(production ? 3.6 : 5.2, 0.45), 0.2, 40)
  const app = rng.chance(0.62)
  const lastLogin = Math.round(clamp(rng.logNormal(4, 0.8), 0, 90))
  const logit =
    -2.9 +
    2.2 *
      (0.022 * (charges - 60) -
        0.045 * (tenure - 16) +
        0.42 * tickets -
        0.16 * (sessions - 5) +
        (contract === 'month-to-month' ? 0.9 : contract === 'one-year' ? -0.2 : -0.9) +
        (app ? -0.3 : 0.2) +
        0.015 * lastLogin)
  return {
    tenure_months: tenure,
    monthly_charges: Math.round(charges * 100) / 100,
    contract,
    plan,
    payment_method: rng.weighted([
      ['card', 0.5],
      ['bank-transfer', 0.25],
      ['paypal', 0.17],
      ['invoice', 0.08]
    ] as const),
    region: rng.weighted([
      ['eu-west', 0.38],
      ['us-east', 0.32],
      ['us-west', 0.18],
      ['ap-south', 0.12]
    ] as const),
    support_tickets_30d: tickets,
    sessions_per_week: Math.round(sessions * 10) / 10,
    has_mobile_app: app,
    days_since_last_login: lastLogin,
    logit
  }
}

/** The model's churn probability: the true log-odds seen through the model's error (smaller for better models). */
export const score = (rng: Rng, c: Customer, error: number): number => sigmoid(c.logit + rng.normal(0, error))
export const churned = (rng: Rng, c: Customer): number => (rng.chance(sigmoid(c.logit)) ? 1 : 0)

const cells = (c: Customer): (string | number)[] => [
  c.tenure_months,
  c.monthly_charges.toFixed(2),
  c.contract,
  c.plan,
  c.payment_method,
  c.region,
  c.support_tickets_30d,
  c.sessions_per_week.toFixed(1),
  c.has_mobile_app ? 'true' : 'false',
  c.days_since_last_login
]

/** Reference or production-week CSV: the features and the production model's score. */
export async function featureCsv(rng: Rng, rows: number, production: boolean): Promise<string> {
  const out = [CHURN_COLUMNS.join(',')]
  for (let i = 0; i < rows; i++) {
    if (i % 1000 === 999) await yieldToLoop()
    const c = customer(rng, production)
    out.push([...cells(c), score(rng, c, 1.35).toFixed(4)].join(','))
  }
  return out.join('\n') + '\n'
}

/** A labelled holdout with the scores and 0/1 predictions of two model versions (the second one a little better). */
export async function holdoutCsv(rng: Rng, rows: number, versions: { name: string; error: number }[]): Promise<string> {
  const header = ['customer_id', ...CHURN_COLUMNS.slice(0, -1), 'churned']
  for (const v of versions) header.push(`score_${v.name}`, `pred_${v.name}`)
  const out = [header.join(',')]
  for (let i = 0; i < rows; i++) {
    if (i % 1000 === 999) await yieldToLoop()
    const c = customer(rng, false)
    const row: (string | number)[] = [`C${String(100_000 + i)}`, ...cells(c), churned(rng, c)]
    for (const v of versions) {
      const s = score(rng, c, v.error)
      row.push(s.toFixed(4), s >= 0.5 ? 1 : 0)
    }
    out.push(row.join(','))
  }
  return out.join('\n') + '\n'
}
