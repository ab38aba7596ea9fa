// The benchmarks' command-line flags (`--name value`), read one way: a value that is not what the flag
// takes stops the benchmark with a message instead of silently measuring the default.
const valueOf = (name: string) => {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? undefined : process.argv[index + 1]
}

export const hasFlag = (name: string) => process.argv.includes(`--${name}`)

/** A positive number. */
export function flag(name: string, fallback: number): number {
  const text = valueOf(name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number (got ${text ?? 'nothing'})`)
  return value
}

/** A positive whole number (a count: messages, runs, workers). */
export function countFlag(name: string, fallback: number): number {
  const value = flag(name, fallback)
  if (!Number.isInteger(value)) throw new Error(`--${name} takes a whole number (got ${value})`)
  return value
}

/** A path or a word. */
export function textFlag(name: string): string | undefined {
  const text = valueOf(name)
  if (hasFlag(name) && (text === undefined || text.startsWith('--'))) throw new Error(`--${name} takes a value`)
  return text
}

/** Comma-separated words. */
export const listFlag = (name: string, fallback: string) => (textFlag(name) ?? fallback).split(',').filter(Boolean)
