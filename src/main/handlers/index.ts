import type { App } from '../app'
import { alertHandlers } from './alerts'
import { costsHandlers } from './costs'
import { driftHandlers } from './drift'
import { healthHandlers } from './health'
import { modelsHandlers } from './models'
import { systemHandlers } from './system'
import type { HandlerMap } from './types'
import { workspaceHandlers } from './workspace'

/** Binds every contract channel to its service; the compiler checks none is missing. */
export const buildHandlers = (app: App): HandlerMap => ({
  ...systemHandlers(app),
  ...workspaceHandlers(app),
  ...healthHandlers(app),
  ...modelsHandlers(app),
  ...alertHandlers(app),
  ...costsHandlers(app),
  ...driftHandlers(app)
})
