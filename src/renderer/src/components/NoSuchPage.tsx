import { href } from '../app/router'
import { EmptyState, PageHeader } from './States'

/** What an area shows for a path none of its routes matches. */
export function NoSuchPage({ title, path, back, backLabel }: { title: string; path: string; back: string; backLabel: string }) {
  return (
    <div className="page">
      <PageHeader title={title} />
      <EmptyState title="No such page" action={<a href={href(back)}>{backLabel}</a>}>
        “{path}” is not a page of {title}.
      </EmptyState>
    </div>
  )
}
