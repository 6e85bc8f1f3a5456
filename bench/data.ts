/** Generated bench inputs, shared by the benchmarks (deterministic: the same file for every run and every tool). */
import fs from 'node:fs'

const SERVICES = Array.from({ length: 40 }, (_, i) => ({
  name: `Service ${String(i + 1).padStart(2, '0')}`,
  category: ['Compute', 'Storage', 'Databases', 'Networking', 'Analytics'][i % 5]!,
  regions: [`region-${i % 6}`, `region-${(i + 3) % 6}`],
  sub: `sub-${i % 10}`
}))

/** The columns of the generated FOCUS file, in order. */
export const FOCUS_BENCH_HEADER =
  'BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingAccountId,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ServiceName,ServiceCategory,RegionId,SubAccountId,SubAccountName,ResourceId,ConsumedQuantity,ConsumedUnit,ProviderName,Tags,x_Operation'

/** Write a FOCUS 1.0 CSV of n rows spread evenly over 2024-01-01 .. 2024-12-31 (streamed, constant memory). */
export async function generateFocus(file: string, n: number): Promise<void> {
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 })
  out.write(FOCUS_BENCH_HEADER + '\n')
  const start = Date.UTC(2024, 0, 1)
  const days = 366
  let seed = 12345
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  let buf = ''
  for (let i = 0; i < n; i++) {
    const day = Math.floor((i * days) / n)
    const t = start + day * 86_400_000 + (i % 24) * 3_600_000
    const d = new Date(t)
    const iso = d.toISOString().slice(0, 19).replace('T', ' ')
    const end = new Date(t + 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
    const ps = `${iso.slice(0, 7)}-01 00:00:00`
    const pe = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 19).replace('T', ' ')
    const s = SERVICES[i % SERVICES.length]!
    const billed = (rand() * 3).toFixed(10)
    const eff = (Number(billed) * 0.9).toFixed(10)
    const tag = i % 4 === 0 ? '' : `"{""team"": ""t${i % 7}"", ""env"": ""${i % 2 ? 'prod' : 'dev'}""}"`
    buf += `${billed},${eff},${billed},USD,acct-1,${ps},${pe},${iso},${end},Usage,${s.name},${s.category},${s.regions[i % 2]},${s.sub},Team ${s.sub},res-${i % 5000},${(rand() * 10).toFixed(3)},Hours,Bench,${tag},op${i % 3}\n`
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()))
      buf = ''
    }
  }
  out.write(buf)
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}
