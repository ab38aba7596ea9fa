// What Prisma's schema cannot say, carried as a comment line in a model (`// storage: fillfactor=25`,
// `// counts: Conversation by organization, status`) and applied to PostgreSQL after a push
// (storage-parameters.ts, maintained-counts.ts): the lines, and a connection to the pushed schema.
import pg from 'pg'
import { stripSchemaParam, type DatabaseTarget } from './index'

export type ModelComment = { model: string; table: string; text: string }

/** The models holding a `// <key>: <text>` line, with their table name (`@@map` honoured). */
export function modelComments(datamodel: string, key: string): ModelComment[] {
  const found: ModelComment[] = []
  for (const model of datamodel.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const line = new RegExp(`^\\s*// ${key}: (.+)$`, 'm').exec(model[2])
    if (!line) continue
    found.push({ model: model[1], table: /@@map\("([^"]+)"\)/.exec(model[2])?.[1] ?? model[1], text: line[1].trim() })
  }
  return found
}

/** Runs `work` on a client of the target's database whose search_path is the target's schema (when it names one). */
export async function withSchemaClient<T>(target: DatabaseTarget, work: (client: pg.Client, schema: string | undefined) => Promise<T>): Promise<T> {
  const schema = target.schema ?? new URL(target.url).searchParams.get('schema') ?? undefined
  const client = new pg.Client({ connectionString: stripSchemaParam(target.url), ...(schema ? { options: `-c search_path=${pg.escapeIdentifier(schema)}` } : {}) })
  await client.connect()
  try {
    return await work(client, schema)
  } finally {
    await client.end()
  }
}
