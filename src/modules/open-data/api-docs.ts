/**
 * The /api-docs page's view, read from the OpenAPI document itself, so the page and the machine
 * description say the same. Pure.
 */
type Schema = {
  $ref?: string
  type?: string | string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  oneOf?: Schema[]
  anyOf?: Schema[]
  format?: string
  pattern?: string
  description?: string
  properties?: Record<string, Schema>
  required?: string[]
}

interface Parameter {
  name: string
  in: string
  required?: boolean
  description?: string
  schema: Schema
  example?: string
}

interface Response {
  description: string
  content: Record<string, { schema: Schema }>
}

interface Operation {
  operationId: string
  summary: string
  description: string
  parameters: readonly Parameter[]
  responses: Record<string, Response>
}

export interface ApiDocument {
  info: { title: string; description: string; license: { name: string; url: string } }
  paths: Record<string, { get: Operation }>
  components: { schemas: Record<string, Schema> }
}

/** "Outcome" from "#/components/schemas/Outcome". */
const schemaName = (ref: string) => ref.replace('#/components/schemas/', '')

/** A schema's type in words, with the schema it names (for a link), e.g. "list of Outcome". */
export function typeText(schema: Schema): { text: string; ref: string | null } {
  if (schema.$ref) return { text: schemaName(schema.$ref), ref: schemaName(schema.$ref) }
  const alternatives = schema.oneOf ?? schema.anyOf
  if (alternatives) {
    const parts = alternatives.map(typeText)
    return { text: parts.map((p) => p.text).join(' or '), ref: parts.find((p) => p.ref)?.ref ?? null }
  }
  if (schema.const !== undefined) return { text: JSON.stringify(schema.const), ref: null }
  if (schema.enum) return { text: `one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`, ref: null }
  const types = [schema.type ?? 'any'].flat()
  const words = types.map((t) => {
    if (t === 'array') {
      const item = schema.items ? typeText(schema.items) : { text: 'any' }
      return `list of ${item.text}`
    }
    if (t === 'string' && schema.format) return `${schema.format} (string)`
    return t
  })
  return { text: words.join(' or '), ref: schema.items?.$ref ? schemaName(schema.items.$ref) : null }
}

/** The URL an example request goes to: path parameters filled in, and query parameters that have an example. */
export function exampleUrl(path: string, parameters: readonly Parameter[]): string {
  let url = path
  const query: string[] = []
  for (const p of parameters) {
    if (p.example === undefined) continue
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(p.example))
    else if (p.in === 'query') query.push(`${p.name}=${encodeURIComponent(p.example)}`)
  }
  return query.length ? `${url}?${query.join('&')}` : url
}

function fields(schema: Schema) {
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    type: typeText(s),
    required: (schema.required ?? []).includes(name),
    description: s.description ?? '',
  }))
}

export function apiDocsView(doc: ApiDocument) {
  const operations = Object.entries(doc.paths).map(([path, item]) => {
    const op = item.get
    const ok = op.responses['200']!
    const okSchema = ok.content['application/json']!.schema
    return {
      id: op.operationId,
      method: 'GET',
      path,
      summary: op.summary,
      description: op.description,
      returns: { description: ok.description, schema: okSchema.$ref ? schemaName(okSchema.$ref) : null },
      errors: Object.entries(op.responses)
        .filter(([status]) => status !== '200')
        .map(([status, r]) => ({ status, description: r.description })),
      parameters: op.parameters.map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true,
        description: p.description ?? '',
        type: typeText(p.schema).text,
        example: p.example ?? null,
      })),
      exampleUrl: exampleUrl(path, op.parameters),
    }
  })
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) => ({
    name,
    description: schema.description ?? '',
    fields: fields(schema),
  }))
  return { title: doc.info.title, description: doc.info.description, licence: doc.info.license, operations, schemas }
}
