import icon from '../assets/icon.svg'
import { AREAS } from '../../../shared/areas'
import { isAvailable } from './modules'
import { href } from './router'

const GROUPS = [...new Set(AREAS.map((a) => a.group))]

export function Sidebar({ active }: { active: string }) {
  return (
    <nav className="sidebar" aria-label="Areas">
      <div className="brand">
        <img src={icon} alt="" width={22} height={22} />
        <span>Control Console</span>
      </div>
      {GROUPS.map((group) => (
        <div key={group} className="nav-group">
          <div className="nav-group-label">{group}</div>
          {AREAS.filter((a) => a.group === group).map((a) => (
            <a
              key={a.id}
              href={href(`/${a.id}`)}
              className={`nav-link${active === a.id ? ' active' : ''}${isAvailable(a.id) ? '' : ' soon'}`}
              aria-current={active === a.id ? 'page' : undefined}
              data-area={a.id}
            >
              {a.label}
              {!isAvailable(a.id) && <span className="badge-soon">soon</span>}
            </a>
          ))}
        </div>
      ))}
    </nav>
  )
}
