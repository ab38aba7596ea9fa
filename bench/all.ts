// Runs every benchmark (each `bench` / `bench:*` script of package.json, found when it runs) one after
// the other and prints one table of their numbers and ratios. Each benchmark makes its own throwaway
// database (or schema) and Redis prefix; this script builds the PostgreSQL client first and the client
// for the caller's DATABASE_URL again at the end.
//
//   npm run bench:all [-- --quick] [-- --only contacts,create-contacts]
//
// --quick runs each with small sizes (a smoke run: the numbers only show that it works). A benchmark's
// headline numbers are its `RESULT {json}` lines (bench/lib/result.ts); for one that prints none, its
// lines mentioning a ratio, median, p99 or peak are shown instead.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { hasFlag, listFlag } from './lib/args'
import type { Result } from './lib/result'

const ROOT = path.resolve(__dirname, '..')
const QUICK = hasFlag('quick')
const ONLY = hasFlag('only') ? listFlag('only', '') : undefined
const PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const REDIS = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Small sizes for --quick; a benchmark not named here runs with its defaults. */
const QUICK_ARGS: Record<string, string[]> = {
  bench: ['--n', '2000', '--runs', '1'],
  'bench:contacts': ['--contacts', '10000', '--seconds', '3'],
  'bench:create-contacts': ['--n', '300', '--runs', '1'],
  'bench:auth': ['--signins', '5', '--requests', '100'],
  'bench:limits': ['--runs', '200'],
  'bench:export': ['--contacts', '5000', '--runs', '1'],
  'bench:inbox': ['--conversations', '500', '--messages', '5', '--seconds', '3'],
  'bench:broadcast': ['--n', '2000', '--runs', '1'],
}

type Outcome = { script: string; seconds: number; code: number; results: Result[]; notes: string[] }

function generate(env: NodeJS.ProcessEnv) {
  const done = spawnSync('npm', ['run', 'generate'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] })
  if (done.status !== 0) throw new Error('npm run generate failed')
}

function run(script: string): Promise<Outcome> {
  const args = ['run', script, ...(QUICK && QUICK_ARGS[script] ? ['--', ...QUICK_ARGS[script]] : [])]
  const started = performance.now()
  return new Promise(resolve => {
    const child = spawn('npm', args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: PG, REDIS_URL: REDIS, BENCH_DATABASE_URL: PG },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    const collect = (chunk: Buffer) => {
      output += chunk
      process.stdout.write(chunk.toString().replace(/^/gm, `  [${script}] `).replace(/ {2}\[[^\]]+\] $/, ''))
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('close', code => {
      const lines = output.split('\n')
      const results = lines.filter(l => l.startsWith('RESULT ')).map(l => JSON.parse(l.slice(7)) as Result)
      const notes = results.length ? [] : lines.filter(l => /ratio|median|p99|peak|\bx\b/i.test(l) && !l.startsWith('RESULT')).slice(-8)
      resolve({ script, seconds: (performance.now() - started) / 1000, code: code ?? 1, results, notes })
    })
  })
}

function table(outcomes: Outcome[]) {
  const rows: string[][] = [['benchmark', 'measure', 'value', 'baseline', 'ratio', 'goal']]
  for (const o of outcomes) {
    const status = o.code === 0 ? '' : ` (FAILED, exit ${o.code})`
    if (o.results.length === 0 && o.notes.length === 0) rows.push([`${o.script}${status}`, '(no RESULT lines)', '', '', '', ''])
    if (o.results.length === 0) for (const note of o.notes) rows.push([`${o.script}${status}`, note.trim().replace(/\s+/g, ' ').slice(0, 90), '', '', '', ''])
    for (const r of o.results) {
      const fmt = (v: number | undefined) => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(v >= 10 ? 1 : 2))
      rows.push([`${o.script}${status}`, r.metric, `${fmt(r.value)} ${r.unit}`, fmt(r.baseline), r.ratio === undefined ? '' : `${r.ratio.toFixed(3)}x`, r.goal ?? ''])
    }
  }
  const widths = rows[0].map((_, c) => Math.min(90, Math.max(...rows.map(r => r[c].length))))
  return rows.map(r => r.map((cell, c) => (c === 2 || c === 3 || c === 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')).join('\n')
}

async function main() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  const scripts = Object.keys(pkg.scripts)
    .filter(name => (name === 'bench' || name.startsWith('bench:')) && name !== 'bench:all')
    .filter(name => !ONLY || ONLY.includes(name.replace(/^bench:?/, '') || 'bench'))
  const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  console.log(`bench:all${QUICK ? ' --quick' : ''}: ${scripts.join(', ')}; load average ${load()}`)
  generate({ ...process.env, DATABASE_URL: PG })
  const outcomes: Outcome[] = []
  try {
    for (const script of scripts) outcomes.push(await run(script))
  } finally {
    generate(process.env) // the client for the caller's own DATABASE_URL again
  }
  console.log(`\n${table(outcomes)}`)
  console.log(`\nload average at the end ${load()} (2 shared cores: compare ratios, not absolute numbers)`)
  console.log(outcomes.map(o => `${o.script} ${o.seconds.toFixed(0)} s`).join(', '))
  process.exitCode = outcomes.some(o => o.code !== 0) ? 1 : 0
}

main().catch(error => {
  console.error(error)
  process.exitCode = 1
})
