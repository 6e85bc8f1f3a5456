import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'

/** The commands an extension contributes, each with a Run button and what it answered. */
export function ExtensionCommands({ id, commands }: { id: string; commands: { name: string; title: string }[] }) {
  const run = useCommand('extensions:runCommand', ['extensions:get', 'extensions:list'])
  return (
    <section className="card">
      <h2>Commands</h2>
      <ul className="permission-list">
        {commands.map((cmd) => (
          <li key={cmd.name}>
            <button type="button" disabled={run.isPending} onClick={() => run.mutate({ id, command: cmd.name })}>
              Run
            </button>{' '}
            {cmd.title} <code className="small">{cmd.name}</code>
          </li>
        ))}
      </ul>
      {run.error && <ErrorNotice error={run.error} title="The command failed" />}
      {run.data && (
        <pre className="mono small" aria-label="Command result">
          {JSON.stringify(run.data.result, null, 2)}
        </pre>
      )}
    </section>
  )
}
