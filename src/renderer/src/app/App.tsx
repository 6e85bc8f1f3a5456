import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { AppError } from '../../../shared/errors'
import { ErrorBoundary } from '../components/ErrorBoundary'
import { AuthGate } from './AuthGate'
import { useEventInvalidation } from './events'
import { ShortcutList, SkipLink, useFocusHeadingOn } from './Keyboard'
import { Notifier } from './Notifier'
import { PageFor } from './pages'
import { AlsoHere, usePresenceHeartbeat } from './Presence'
import { Palette } from './Palette'
import { useRoute } from './router'
import { Sidebar } from './Sidebar'
import { useApplyTheme } from './theme'
import { useViewOpened } from './viewOpened'
import { TopBar } from './TopBar'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      // validation and missing objects will not fix themselves by retrying
      retry: (count, err) => count < 2 && !(err instanceof AppError && ['VALIDATION', 'NOT_FOUND', 'UNAUTHORIZED'].includes(err.code))
    }
  }
})

function Shell() {
  useApplyTheme()
  useEventInvalidation()
  const route = useRoute()
  useFocusHeadingOn(route.path)
  usePresenceHeartbeat(route.path)
  useViewOpened(route.area)
  return (
    <div className="shell">
      <SkipLink />
      <Sidebar active={route.area} />
      <div className="main">
        <TopBar />
        <main className="content" id="content">
          <AlsoHere route={route.path} />
          <ErrorBoundary resetKey={route.path}>
            <PageFor route={route} />
          </ErrorBoundary>
        </main>
      </div>
      <Palette />
      <ShortcutList />
      <Notifier />
    </div>
  )
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthGate>
        <Shell />
      </AuthGate>
    </QueryClientProvider>
  )
}
