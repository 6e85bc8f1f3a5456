import { href } from '../../app/router'
import { PageHeader } from '../../components/States'
import { ServiceForm } from './ServiceForm'

export function AddServicePage() {
  return (
    <div className="page">
      <PageHeader
        title="Add service"
        subtitle="A service groups the checks of one system. Its state is the worst state of its checks."
        actions={<a href={href('/services')}>Back to services</a>}
      />
      <ServiceForm />
    </div>
  )
}
