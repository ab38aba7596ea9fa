// Turns what the schema engine and the drivers throw into one line a person can act on.
// The original error stays on `cause` (the CLI prints stacks only with DEBUG=1).
import type { DatabaseTarget } from './index'
import { sqliteFilename } from './index'
import { lastPanicMessage } from './wasm-engine'

export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError'
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
}

/** Host and port of a database URL, without credentials. */
export function describeLocation(target: DatabaseTarget): string {
  if (target.provider === 'sqlite') return sqliteFilename(target.url)
  const url = new URL(target.url)
  return `${url.hostname}:${url.port || '5432'}${url.pathname}${target.schema ? ` (schema ${target.schema})` : ''}`
}

function hostPort(target: DatabaseTarget): string {
  const url = new URL(target.url)
  return `${url.hostname}:${url.port || '5432'}`
}

function oneLine(text: string): string {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('at ') && !/^\d+: /.test(line))
    .join(' ')
    .replace(/`/g, '')
}

function driverReason(error: unknown): string | undefined {
  const e = error as { code?: unknown; message?: unknown } | undefined
  if (!e || typeof e !== 'object') return undefined
  if (typeof e.code === 'string' && SOCKET_REASONS[e.code]) return SOCKET_REASONS[e.code]
  if (error instanceof AggregateError) return driverReason(error.errors[0]) // pg tries IPv4 and IPv6
  return undefined
}

/** A migration script that failed: name it and keep the database's own words. */
function describeMigrationFailure(message: string, driverError: unknown): string | undefined {
  const name = message.match(/migration_name="([^"]+)"/)?.[1]
  if (!name) return undefined
  const pgError = driverError as { message?: unknown; code?: unknown; severity?: unknown } | undefined
  if (pgError && typeof pgError.severity === 'string') {
    return `Migration ${name} failed: ${oneLine(String(pgError.message))} (PostgreSQL ${String(pgError.code)})`
  }
  const dbError = message.match(/Error querying the database: (.*)/)?.[1]
  return `Migration ${name} failed: ${oneLine(dbError ?? message.split('\n')[0])}`
}

/** The server refused the session itself: unknown role, bad password, no such database (classes 28, 3D). */
function loginRefusal(error: unknown): string | undefined {
  const e = error as { code?: unknown; severity?: unknown; message?: unknown } | undefined
  if (!e || typeof e !== 'object' || typeof e.severity !== 'string' || typeof e.code !== 'string') return undefined
  return /^(28|3D)/.test(e.code) ? String(e.message) : undefined
}

export function describeEngineError(error: unknown, target: DatabaseTarget, driverError: unknown): Error {
  if (error instanceof SchemaEngineError) return error
  if (target.provider === 'postgresql') {
    const reason = driverReason(driverError) ?? driverReason(error)
    if (reason) return new SchemaEngineError(`Cannot reach the database at ${hostPort(target)}: ${reason}`, { cause: error })
    const refusal = loginRefusal(driverError)
    if (refusal) return new SchemaEngineError(`Cannot connect to ${hostPort(target)}: ${refusal}`, { cause: error })
  }
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof WebAssembly.RuntimeError) {
    return new SchemaEngineError(`The schema engine crashed: ${lastPanicMessage() ?? message}`, { cause: error })
  }
  const line = describeMigrationFailure(message, driverError) ?? oneLine(message)
  return new SchemaEngineError(line || 'The schema engine failed without a message', { cause: error })
}
