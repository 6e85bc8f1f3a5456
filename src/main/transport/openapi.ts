import { z } from 'zod'
import { channels, hooks, type ChannelName, type HookName } from '../../shared/contract'
import { ERROR_CODES } from '../../shared/errors'
import { events, VIEW_EVENT_NAMES } from '../../shared/events'
import { APP_NAME, APP_VERSION } from '../core/version'
import { requiredRole } from '../team/roles'

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const out = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>
  delete out.$schema
  return out
}

const errorEnvelope = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { enum: [...ERROR_CODES] },
        message: { type: 'string' },
        field: { type: 'string' },
        issues: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] }
        }
      }
    }
  }
}

/** The answers of an RPC channel or a hook: the result envelope around its output, or the error envelope. */
const envelopes = (output: z.ZodType): Record<string, unknown> => ({
  '200': {
    description: 'Result envelope',
    content: {
      'application/json': {
        schema: { type: 'object', required: ['ok', 'data'], properties: { ok: { const: true }, data: jsonSchema(output, 'output') } }
      }
    }
  },
  default: { description: 'Error envelope', content: { 'application/json': { schema: errorEnvelope } } }
})

/** OpenAPI 3.1 document derived from the channel map; never written by hand. */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, unknown> = {}
  for (const name of Object.keys(channels) as ChannelName[]) {
    const def = channels[name]
    const [area] = name.split(':')
    paths[`/api/rpc/${name}`] = {
      post: {
        operationId: name.replace(':', '_'),
        summary: def.summary,
        tags: [area],
        'x-channel-kind': def.kind,
        /** On a team server (serve --team): the lowest role in the workspace that may call it. */
        'x-required-role': requiredRole(name),
        requestBody: { required: false, content: { 'application/json': { schema: jsonSchema(def.input, 'input') } } },
        responses: envelopes(def.output)
      }
    }
  }
  for (const name of Object.keys(hooks) as HookName[]) {
    const def = hooks[name]
    paths[`/api/hooks/${name}`] = {
      post: {
        operationId: `hook_${name.replace(/\W/g, '_')}`,
        summary: def.summary,
        description: `For machines: \`Authorization: Bearer <${def.scope} token>\` (a scoped token, or the API token).`,
        tags: ['hooks'],
        security: [{ bearer: [] }],
        'x-token-scope': def.scope,
        requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(def.input, 'input') } } },
        responses: envelopes(def.output)
      }
    }
  }
  paths['/api/health'] = {
    get: { summary: 'The console’s own health', security: [], responses: { '200': { description: 'application/health+json' } } }
  }
  paths['/api/events'] = {
    get: {
      summary: 'Server-sent events; event names: ' + VIEW_EVENT_NAMES.join(', '),
      responses: { '200': { description: 'text/event-stream' } }
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: `${APP_NAME} API`, version: APP_VERSION },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: 'cc_token' } }
    },
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    'x-events': Object.fromEntries(
      Object.entries(events)
        .filter(([, e]) => e.scope === 'view')
        .map(([k, e]) => [k, jsonSchema(e.schema, 'output')])
    )
  }
}
