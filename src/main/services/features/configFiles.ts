/**
 * `*.features.yaml` files of the provisioned folder: each holds one view or a `views:` list, saved in one transaction
 * (a view as the file says is not written; a schema change makes a new version, as a save in the UI does).
 */
import { count, fileSafe, type ConfigFiles, type FileApplied } from '../../core/configFiles'
import { YamlError } from '../../core/yamlIssues'
import { publish, type FeaturesDeps } from './context'
import { parseViewsYaml, viewIssueText, viewYaml, type ViewIssue } from './yaml'

export function provisionViews(deps: FeaturesDeps, text: string, file: { name: string; dir: string }): FileApplied {
  const issues: ViewIssue[] = []
  const views = parseViewsYaml(text, file.name, file.dir, issues)
  views.forEach((v, i) => {
    const j = views.findIndex((w) => w.input.name === v.input.name)
    if (j !== i)
      issues.push({
        file: file.name,
        line: v.line,
        column: 1,
        field: 'name',
        message: `“${v.input.name}” is also defined at line ${views[j]!.line}`
      })
  })
  if (!views.length && !issues.length) issues.push({ file: file.name, line: 1, column: 1, field: '', message: 'no views found' })
  if (issues.length) throw new YamlError('yaml', `yaml: ${issues.slice(0, 20).map(viewIssueText).join('; ')}`, issues)
  const outcomes = deps.repo.db.transaction(() => views.map((v) => deps.views.save(v.input))).immediate()
  const written = outcomes.filter((o) => o.outcome !== 'unchanged')
  for (const o of written) publish(deps, 'view', o.view.name)
  return {
    changed: written.length > 0,
    objects: views.map((v) => v.input.name),
    summary: `${count(views.length, 'view')}${written.length ? `: ${written.map((o) => `${o.view.name} ${o.outcome}`).join(', ')}` : ''}`
  }
}

/** One file per view: `features/<name>.features.yaml`. */
export function exportViewFiles(deps: FeaturesDeps): { path: string; text: string }[] {
  return deps.views.list().map((v) => ({
    path: `features/${fileSafe(v.name)}.features.yaml`,
    text: viewYaml(v, deps.views.versionOf(v.name, v.version), true)
  }))
}

export function featuresFiles(deps: FeaturesDeps): ConfigFiles {
  return { apply: (text, file) => provisionViews(deps, text, file), exportFiles: () => exportViewFiles(deps) }
}
