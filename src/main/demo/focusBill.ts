import { writeFile, yieldToLoop } from './files'
import { Rng } from './random'

/**
 * A year of daily FOCUS 1.0 rows for a mid-sized shop on AWS with a little Google Cloud: four AWS accounts and a GCP
 * project, nineteen lines of 17 services in four regions, tags per application and team, a weekly pattern
 * (staging and batch work slow down at weekends, shop traffic does not), growth per service, a yearly season and daily
 * traffic swings, an idle load balancer, untagged data transfer, reserved capacity (effective below billed) and one
 * anomaly: a runaway GPU training job on the 10th of the month before the last day's.
 */

const DAY = 86_400_000
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`)
export const addDays = (day: string, n: number): string => dayOf(dayMs(day) + n * DAY)
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`
const nextMonth = (day: string): string => {
  const d = new Date(dayMs(monthStart(day)))
  return dayOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))
}

interface Account {
  provider: 'AWS' | 'Google Cloud'
  billingId: string
  billingName: string
  id: string
  name: string
}

const AWS = { provider: 'AWS' as const, billingId: '418273645190', billingName: 'Acme Retail (payer)' }
const ACCOUNTS = {
  prod: { ...AWS, id: '210987654321', name: 'acme-prod' },
  staging: { ...AWS, id: '310987654322', name: 'acme-staging' },
  data: { ...AWS, id: '410987654323', name: 'acme-data' },
  ml: { ...AWS, id: '510987654324', name: 'acme-ml' },
  gcp: {
    provider: 'Google Cloud' as const,
    billingId: '01A2B3-C4D5E6-F7A8B9',
    billingName: 'Acme Retail GCP',
    id: 'acme-analytics',
    name: 'acme-analytics'
  }
} satisfies Record<string, Account>

const REGIONS: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'eu-west-1': 'Europe (Ireland)',
  'us-central1': 'Iowa',
  global: 'Global'
}

interface Line {
  account: Account
  service: string
  category: string
  region: string
  /** resource ids and names; the daily cost is split between them */
  resources: { id: string; name: string; type: string }[]
  usd: number
  unit: string
  /** units per dollar (0: consumed nothing, an idle resource) */
  unitsPerUsd: number
  /** growth per 30 days */
  growth: number
  /** Saturday and Sunday factor */
  weekend: number
  /** follows shop traffic: the daily traffic swing and the yearly season (high in December) */
  traffic: boolean
  /** effective / billed (reserved capacity and savings plans) */
  effective: number
  tags: Record<string, string> | null
  description: string
}

const tags = (application: string, environment: string, team: string): Record<string, string> => ({
  application,
  environment,
  team,
  'cost-center': team === 'payments' || team === 'identity' ? 'CC-1100' : team === 'discovery' ? 'CC-1200' : 'CC-2000'
})
const nodes = (prefix: string, n: number, type: string) =>
  Array.from({ length: n }, (_, i) => ({ id: `i-0${prefix}${String(i).padStart(3, '0')}a7c1e9`, name: `${prefix}-node-${i + 1}`, type }))

const LINES: Line[] = [
  // production: the shop itself
  {
    account: ACCOUNTS.prod,
    service: 'Amazon Elastic Compute Cloud',
    category: 'Compute',
    region: 'eu-west-1',
    resources: nodes('checkout', 6, 'Instance'),
    usd: 305,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.192,
    growth: 0.022,
    weekend: 1.06,
    traffic: true,
    effective: 0.74,
    tags: tags('checkout-api', 'production', 'payments'),
    description: 'm6i.xlarge On-Demand Linux, EKS worker nodes'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon OpenSearch Service',
    category: 'Analytics',
    region: 'us-east-1',
    resources: [
      { id: 'arn:aws:es:us-east-1:210987654321:domain/product-search', name: 'product-search', type: 'Domain' },
      { id: 'arn:aws:es:us-east-1:210987654321:domain/product-search-logs', name: 'product-search-logs', type: 'Domain' }
    ],
    usd: 176,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.262,
    growth: 0.012,
    weekend: 1.05,
    traffic: true,
    effective: 1,
    tags: tags('search', 'production', 'discovery'),
    description: 'r6g.large.search instance hours'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon Relational Database Service',
    category: 'Databases',
    region: 'eu-west-1',
    resources: [
      { id: 'arn:aws:rds:eu-west-1:210987654321:cluster:checkout-aurora', name: 'checkout-aurora', type: 'DB Cluster' },
      { id: 'arn:aws:rds:eu-west-1:210987654321:db:auth-postgres', name: 'auth-postgres', type: 'DB Instance' }
    ],
    usd: 138,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.29,
    growth: 0.015,
    weekend: 1,
    traffic: false,
    effective: 0.7,
    tags: tags('checkout-api', 'production', 'payments'),
    description: 'Aurora PostgreSQL db.r6g.xlarge'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon CloudFront',
    category: 'Networking',
    region: 'global',
    resources: [{ id: 'arn:aws:cloudfront::210987654321:distribution/E2QWRUHAPOMQZL', name: 'shop-cdn', type: 'Distribution' }],
    usd: 92,
    unit: 'GB',
    unitsPerUsd: 1 / 0.085,
    growth: 0.02,
    weekend: 1.2,
    traffic: true,
    effective: 1,
    tags: tags('checkout-api', 'production', 'payments'),
    description: 'Data transfer out to the internet, Europe and North America'
  },
  {
    account: ACCOUNTS.prod,
    service: 'AWS Data Transfer',
    category: 'Networking',
    region: 'us-east-1',
    resources: [],
    usd: 41,
    unit: 'GB',
    unitsPerUsd: 1 / 0.02,
    growth: 0.02,
    weekend: 1.1,
    traffic: true,
    effective: 1,
    tags: null,
    description: 'Inter-region data transfer (untagged)'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon Simple Storage Service',
    category: 'Storage',
    region: 'us-east-1',
    resources: [
      { id: 'arn:aws:s3:::acme-product-images', name: 'acme-product-images', type: 'Bucket' },
      { id: 'arn:aws:s3:::acme-order-archive', name: 'acme-order-archive', type: 'Bucket' }
    ],
    usd: 46,
    unit: 'GB-Mo',
    unitsPerUsd: 1 / 0.023,
    growth: 0.04,
    weekend: 1,
    traffic: false,
    effective: 1,
    tags: tags('checkout-api', 'production', 'payments'),
    description: 'Standard storage'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon ElastiCache',
    category: 'Databases',
    region: 'eu-west-1',
    resources: [{ id: 'arn:aws:elasticache:eu-west-1:210987654321:cluster:session-cache', name: 'session-cache', type: 'Cluster' }],
    usd: 35,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.455,
    growth: 0,
    weekend: 1,
    traffic: false,
    effective: 0.7,
    tags: tags('auth', 'production', 'identity'),
    description: 'cache.r6g.large node hours'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon Cognito',
    category: 'Security',
    region: 'eu-west-1',
    resources: [{ id: 'eu-west-1_Q8xPzT3kL', name: 'customers', type: 'User Pool' }],
    usd: 18,
    unit: 'MAU',
    unitsPerUsd: 1 / 0.0055,
    growth: 0.018,
    weekend: 1.05,
    traffic: true,
    effective: 1,
    tags: tags('auth', 'production', 'identity'),
    description: 'Monthly active users'
  },
  {
    account: ACCOUNTS.prod,
    service: 'Amazon CloudWatch',
    category: 'Management and Governance',
    region: 'eu-west-1',
    resources: [],
    usd: 27,
    unit: 'GB',
    unitsPerUsd: 1 / 0.57,
    growth: 0.01,
    weekend: 0.98,
    traffic: false,
    effective: 1,
    tags: null,
    description: 'Log ingestion and metrics'
  },
  {
    account: ACCOUNTS.prod,
    service: 'AWS Lambda',
    category: 'Compute',
    region: 'eu-west-1',
    resources: [{ id: 'arn:aws:lambda:eu-west-1:210987654321:function:billing-worker', name: 'billing-worker', type: 'Function' }],
    usd: 16,
    unit: 'GB-Seconds',
    unitsPerUsd: 1 / 0.0000166667,
    growth: 0.01,
    weekend: 0.85,
    traffic: true,
    effective: 1,
    tags: tags('billing-worker', 'production', 'payments'),
    description: 'Compute duration, x86'
  },
  // staging
  {
    account: ACCOUNTS.staging,
    service: 'Amazon Elastic Compute Cloud',
    category: 'Compute',
    region: 'eu-west-1',
    resources: nodes('staging', 3, 'Instance'),
    usd: 84,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.096,
    growth: 0.01,
    weekend: 0.9,
    traffic: false,
    effective: 1,
    tags: tags('checkout-api', 'staging', 'payments'),
    description: 'm6i.large On-Demand Linux'
  },
  {
    account: ACCOUNTS.staging,
    service: 'Amazon Redshift',
    category: 'Analytics',
    region: 'us-east-1',
    resources: [{ id: 'arn:aws:redshift:us-east-1:310987654322:namespace:reporting', name: 'reporting', type: 'Namespace' }],
    usd: 57,
    unit: 'RPU-Hours',
    unitsPerUsd: 1 / 0.375,
    growth: 0.008,
    weekend: 0.85,
    traffic: false,
    effective: 1,
    tags: tags('reporting', 'staging', 'data'),
    description: 'Redshift Serverless compute'
  },
  {
    account: ACCOUNTS.staging,
    service: 'Elastic Load Balancing',
    category: 'Networking',
    region: 'eu-west-1',
    resources: [
      {
        id: 'arn:aws:elasticloadbalancing:eu-west-1:310987654322:loadbalancer/app/old-reporting-alb/5f0c9d',
        name: 'old-reporting-alb',
        type: 'Load Balancer'
      }
    ],
    usd: 0.54,
    unit: 'LCU-Hours',
    unitsPerUsd: 0,
    growth: 0,
    weekend: 1,
    traffic: false,
    effective: 1,
    tags: tags('reporting', 'staging', 'data'),
    description: 'Application load balancer hours (no traffic)'
  },
  // data platform
  {
    account: ACCOUNTS.data,
    service: 'Amazon EMR',
    category: 'Analytics',
    region: 'us-east-1',
    resources: [{ id: 'j-2AXXXXXXGAPLF', name: 'nightly-etl', type: 'Cluster' }],
    usd: 58,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.27,
    growth: 0.015,
    weekend: 0.8,
    traffic: false,
    effective: 1,
    tags: tags('data-platform', 'production', 'data'),
    description: 'EMR on EC2, m5.2xlarge'
  },
  {
    account: ACCOUNTS.data,
    service: 'Amazon Athena',
    category: 'Analytics',
    region: 'us-east-1',
    resources: [{ id: 'arn:aws:athena:us-east-1:410987654323:workgroup/analysts', name: 'analysts', type: 'Workgroup' }],
    usd: 14,
    unit: 'TB',
    unitsPerUsd: 1 / 5,
    growth: 0.02,
    weekend: 0.7,
    traffic: false,
    effective: 1,
    tags: tags('data-platform', 'production', 'data'),
    description: 'Data scanned by queries'
  },
  {
    account: ACCOUNTS.gcp,
    service: 'BigQuery',
    category: 'Analytics',
    region: 'us-central1',
    resources: [{ id: '//bigquery.googleapis.com/projects/acme-analytics', name: 'acme-analytics', type: 'Project' }],
    usd: 44,
    unit: 'TiB',
    unitsPerUsd: 1 / 6.25,
    growth: 0.025,
    weekend: 0.8,
    traffic: false,
    effective: 1,
    tags: tags('data-platform', 'production', 'data'),
    description: 'Analysis, on-demand'
  },
  {
    account: ACCOUNTS.gcp,
    service: 'Cloud Storage',
    category: 'Storage',
    region: 'us-central1',
    resources: [{ id: '//storage.googleapis.com/projects/_/buckets/acme-lake', name: 'acme-lake', type: 'Bucket' }],
    usd: 12,
    unit: 'GiB-Mo',
    unitsPerUsd: 1 / 0.02,
    growth: 0.03,
    weekend: 1,
    traffic: false,
    effective: 1,
    tags: tags('data-platform', 'production', 'data'),
    description: 'Standard storage, US multi-region'
  },
  // machine learning
  {
    account: ACCOUNTS.ml,
    service: 'Amazon SageMaker',
    category: 'AI and Machine Learning',
    region: 'us-east-1',
    resources: [{ id: 'arn:aws:sagemaker:us-east-1:510987654324:training-job/churn-nightly', name: 'churn-nightly', type: 'Training Job' }],
    usd: 62,
    unit: 'Hours',
    unitsPerUsd: 1 / 1.212,
    growth: 0.06,
    weekend: 0.9,
    traffic: false,
    effective: 1,
    tags: tags('churn-classifier', 'production', 'ml-platform'),
    description: 'ml.g5.2xlarge training'
  },
  {
    account: ACCOUNTS.ml,
    service: 'Amazon SageMaker',
    category: 'AI and Machine Learning',
    region: 'us-east-1',
    resources: [{ id: 'arn:aws:sagemaker:us-east-1:510987654324:endpoint/recommendations', name: 'recommendations', type: 'Endpoint' }],
    usd: 41,
    unit: 'Hours',
    unitsPerUsd: 1 / 0.575,
    growth: 0.01,
    weekend: 1.08,
    traffic: true,
    effective: 1,
    tags: tags('recommendations', 'production', 'ml-platform'),
    description: 'ml.c5.2xlarge real-time inference'
  }
]

const COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingCategory',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceCategory',
  'ServiceName',
  'SubAccountId',
  'SubAccountName',
  'Tags'
]

const csvCell = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
const money = (v: number): string => v.toFixed(6)

/**
 * Day-to-day noise: shop traffic swings uniformly within ±6 % and each line by a normal draw cut at ±2 %, so that no
 * day but the planted one stands out (the costs area flags days beyond median ± 3·MAD of the 28 before).
 */
const bounded = (rng: Rng): number => Math.max(-2, Math.min(2, rng.normal()))

/** The shop's season: up to +6 % in mid-December, -6 % in mid-June. */
const season = (day: string): number => {
  const t = (dayMs(day) - Date.UTC(Number(day.slice(0, 4)), 0, 1)) / DAY
  return 1 + 0.06 * Math.cos((2 * Math.PI * (t - 350)) / 365)
}

export interface FocusBill {
  file: string
  firstDay: string
  lastDay: string
  rows: number
  /** billed USD per day, from firstDay */
  daily: number[]
  /** the day of the runaway training job, and its extra cost in USD */
  anomaly: { day: string; extraUsd: number }
}

/** Writes the bill: from the first of the month a year before `lastDay` through `lastDay` (UTC days). */
export async function writeFocusBill(file: string, opts: { lastDay: string; seed?: string }): Promise<FocusBill> {
  const rng = new Rng(opts.seed ?? 'control-console demo focus')
  const last = opts.lastDay
  const first = monthStart(addDays(monthStart(last), -365))
  // in the month before the last one, so that a full month on the dashboard shows it
  const anomalyDay = `${addDays(monthStart(last), -1).slice(0, 7)}-10`
  const total = Math.round((dayMs(last) - dayMs(first)) / DAY) + 1
  const out: string[] = [COLUMNS.join(',')]
  let anomalyExtra = 0
  const daily = new Array<number>(total).fill(0)
  let dayIndex = 0
  const row = (l: Line, day: string, r: Line['resources'][number] | null, billed: number, description: string): void => {
    daily[dayIndex] = daily[dayIndex]! + billed
    const start = `${day} 00:00:00`
    const end = `${addDays(day, 1)} 00:00:00`
    const acct = l.account
    const aws = acct.provider === 'AWS'
    out.push(
      [
        money(billed),
        acct.billingId,
        acct.billingName,
        'USD',
        `${nextMonth(day)} 00:00:00`,
        `${monthStart(day)} 00:00:00`,
        'Usage',
        description,
        'Usage-Based',
        end,
        start,
        (billed * l.unitsPerUsd).toFixed(4),
        l.unit,
        money(billed * l.effective),
        aws ? 'Amazon Web Services, Inc.' : 'Google LLC',
        money(billed),
        l.effective < 1 ? 'Committed' : 'Standard',
        acct.provider,
        aws ? 'Amazon Web Services, Inc.' : 'Google LLC',
        l.region,
        REGIONS[l.region] ?? l.region,
        r?.id ?? '',
        r?.name ?? '',
        r?.type ?? '',
        l.category,
        l.service,
        acct.id,
        acct.name,
        l.tags ? JSON.stringify(l.tags) : ''
      ]
        .map(csvCell)
        .join(',')
    )
  }
  for (let i = 0; i < total; i++) {
    const day = addDays(first, i)
    dayIndex = i
    if (i % 7 === 6) await yieldToLoop()
    const dow = new Date(dayMs(day)).getUTCDay()
    const weekend = dow === 0 || dow === 6
    const traffic = season(day) * (1 + rng.uniform(-0.06, 0.06))
    for (const l of LINES) {
      let usd = l.usd * Math.pow(1 + l.growth, i / 30) * (weekend ? l.weekend : 1) * (l.traffic ? traffic : 1)
      if (l.service === 'AWS Lambda' && addDays(day, 2).slice(0, 7) !== day.slice(0, 7)) usd *= 1.8 // month-end invoicing run
      usd *= Math.exp((l.unitsPerUsd === 0 ? 0 : 0.01) * bounded(rng))
      if (l.resources.length === 0) {
        row(l, day, null, usd, l.description)
        continue
      }
      const weights = l.resources.map(() => 0.8 + rng.next() * 0.4)
      const sum = weights.reduce((a, b) => a + b, 0)
      l.resources.forEach((r, k) => {
        let billed = (usd * weights[k]!) / sum
        if (day === anomalyDay && r.name === 'churn-nightly') {
          // a hyper-parameter search left running on 16 GPUs for a day
          const extra = 1_740 + rng.uniform(0, 120)
          anomalyExtra = extra
          billed += extra
        }
        row(l, day, r, billed, l.description)
      })
    }
  }
  await writeFile(file, out.join('\n') + '\n')
  return { file, firstDay: first, lastDay: last, rows: out.length - 1, daily, anomaly: { day: anomalyDay, extraUsd: anomalyExtra } }
}
