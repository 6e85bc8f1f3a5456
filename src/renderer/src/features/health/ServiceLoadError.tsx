import { href } from '../../app/router'
import { AppError } from '../../../../shared/errors'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'

/** A service page whose service could not be loaded: "does not exist" for NOT_FOUND, the error otherwise. */
export function ServiceLoadError({ error, title }: { error: Error; title: (missing: boolean) => string }) {
  const missing = error instanceof AppError && error.code === 'NOT_FOUND'
  return (
    <div className="page">
      <PageHeader title={title(missing)} />
      {missing ? (
        <EmptyState title="This service does not exist" action={<a href={href('/services')}>Back to the services</a>}>
          It may have been deleted, or the link is wrong.
        </EmptyState>
      ) : (
        <ErrorNotice error={error} title="Could not load the service" />
      )}
    </div>
  )
}
