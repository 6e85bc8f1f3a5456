import { describe, expect, it } from 'vitest'
import { longValueView, visibleTags } from './longValue'

describe('long values and system tags', () => {
  it('collapses long JSON behind a summary and pretty-prints it', () => {
    const history = JSON.stringify([
      { run_id: 'abc', artifact_path: 'model', flavors: { python_function: { loader_module: 'mlflow.sklearn' } } }
    ])
    const v = longValueView(history)
    expect(v).toMatchObject({ kind: 'json', summary: expect.stringMatching(/^JSON \[1 item\] · \d+ characters$/) })
    expect(v.kind === 'json' && v.full).toContain('\n  {\n')
    expect(longValueView('short')).toEqual({ kind: 'short', text: 'short' })
    expect(longValueView('x'.repeat(100))).toMatchObject({ kind: 'long', summary: `${'x'.repeat(80)}…` })
  })

  it('hides mlflow.* system tags unless asked', () => {
    const tags: [string, string][] = [
      ['mlflow.runName', 'rf'],
      ['team', 'growth'],
      ['mlflow.user', 'root']
    ]
    expect(visibleTags(tags, false)).toEqual({ shown: [['team', 'growth']], hidden: 2 })
    expect(visibleTags(tags, true).shown).toHaveLength(3)
  })
})
