/**
 * Cloud CLIs' configured profiles, by NAME only. Files opened: the AWS config file (section headers kept, every other
 * line dropped), gcloud's `active_config` (a name) and its configurations folder listing, the Azure CLI's
 * azureProfile.json (subscription names). Never opened: ~/.aws/credentials, gcloud's credential databases, Azure's
 * token caches. No CLI is run and nothing is sent anywhere.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ToolOffer } from '../../../shared/contract/discovery'
import { absent, type Finding } from './tools'
import { which, type ProbeEnv } from './probeEnv'

const costsHint = (text: string): ToolOffer => ({ kind: 'hint', label: 'Import its bills into Costs', text, route: '/costs/import' })

/** A cloud CLI with its configured names, each offering the costs import hint. */
function cloudFinding(
  tool: Finding['tool'],
  label: string,
  bin: string | null,
  detail: string,
  names: { name: string; detail: string }[],
  hint: string
): Finding {
  return {
    tool,
    label,
    state: 'found',
    binary: bin,
    version: null,
    detail,
    items: names.map((n) => ({ ...n, path: null, offer: costsHint(hint) })),
    offer: null
  }
}

const readSmall = async (file: string): Promise<string | null> => {
  try {
    const st = await fs.promises.stat(file)
    if (!st.isFile() || st.size > 1_000_000) return null
    return await fs.promises.readFile(file, 'utf8')
  } catch {
    return null
  }
}

/** Profile names from the section headers of an AWS config file: [default], [profile x]; sso-session and services sections are not profiles. */
export function awsProfileNames(text: string): string[] {
  const names: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line)
    if (!m) continue
    const section = m[1]!
    if (section === 'default') names.push('default')
    else if (section.startsWith('profile ')) names.push(section.slice('profile '.length).trim())
  }
  return [...new Set(names)]
}

export async function probeAws(env: ProbeEnv): Promise<Finding> {
  const h = env.vars['HOME']
  const file = env.vars['AWS_CONFIG_FILE'] || (h ? path.join(h, '.aws', 'config') : null)
  const bin = which(env, 'aws')
  const text = file ? await readSmall(file) : null
  const names = text ? awsProfileNames(text) : []
  if (!bin && !names.length) return absent('aws', 'AWS CLI', 'aws is not on PATH and no profiles are configured')
  return cloudFinding(
    'aws',
    'AWS CLI',
    bin,
    names.length ? `${names.length} profile${names.length > 1 ? 's' : ''} in ${file}` : 'no profiles configured',
    names.map((name) => ({ name, detail: 'profile' })),
    `Export the account's bill as FOCUS (AWS Data Exports, FOCUS 1.0) and import the CSV or Parquet file in Costs.`
  )
}

export async function probeGcloud(env: ProbeEnv): Promise<Finding> {
  const h = env.vars['HOME']
  const dir = env.vars['CLOUDSDK_CONFIG'] || (h ? path.join(h, '.config', 'gcloud') : null)
  const bin = which(env, 'gcloud')
  let names: string[] = []
  if (dir) {
    try {
      names = (await fs.promises.readdir(path.join(dir, 'configurations'))).filter((f) => f.startsWith('config_')).map((f) => f.slice(7))
    } catch {
      names = []
    }
  }
  const active = dir ? (await readSmall(path.join(dir, 'active_config')))?.trim().slice(0, 100) : undefined
  if (!bin && !names.length) return absent('gcloud', 'Google Cloud CLI', 'gcloud is not on PATH and no configurations exist')
  return cloudFinding(
    'gcloud',
    'Google Cloud CLI',
    bin,
    names.length
      ? `${names.length} configuration${names.length > 1 ? 's' : ''}${active ? `, active: ${active}` : ''}`
      : 'no configurations',
    names.map((name) => ({ name, detail: name === active ? 'active configuration' : 'configuration' })),
    'Export Cloud Billing to BigQuery, query it as FOCUS (Google\u2019s FOCUS view) into a CSV, and import it in Costs.'
  )
}

export async function probeAzure(env: ProbeEnv): Promise<Finding> {
  const h = env.vars['HOME']
  const dir = env.vars['AZURE_CONFIG_DIR'] || (h ? path.join(h, '.azure') : null)
  const bin = which(env, 'az')
  const text = dir ? await readSmall(path.join(dir, 'azureProfile.json')) : null
  let names: string[] = []
  try {
    // the file starts with a BOM when written by the CLI
    const subs = (JSON.parse((text ?? '').replace(/^\uFEFF/, '') || '{}') as { subscriptions?: { name?: unknown; isDefault?: unknown }[] })
      .subscriptions
    names = (subs ?? []).map((s) => (typeof s.name === 'string' ? s.name : '')).filter(Boolean)
  } catch {
    names = []
  }
  if (!bin && !names.length) return absent('azure', 'Azure CLI', 'az is not on PATH and no subscriptions are configured')
  return cloudFinding(
    'azure',
    'Azure CLI',
    bin,
    names.length ? `${names.length} subscription${names.length > 1 ? 's' : ''}` : 'no subscriptions configured',
    names.map((name) => ({ name, detail: 'subscription' })),
    'Create a Cost Management export in FOCUS format and import the CSV in Costs.'
  )
}
