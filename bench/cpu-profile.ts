// CPU profiles for the benchmarks: `--profile <file>` records the measured phase only (node:inspector,
// in this process), and `summarize` prints where the self time went, by function and by package.
//   npx tsx bench/cpu-profile.ts <file.cpuprofile> [--top 30]
import fs from 'node:fs'
import inspector from 'node:inspector'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

/** Runs `fn` with the V8 profiler on when `file` is given, and writes the profile there. */
export async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (!file) return fn()
  const session = new inspector.Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))))
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await post('Profiler.stop')
    fs.writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
    console.log(`cpu profile written to ${file}`)
  }
}

function where(url: string) {
  const modules = url.lastIndexOf('node_modules/')
  if (modules !== -1) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/')
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  if (url.startsWith('node:') || !url) return url || '(native)'
  const project = url.indexOf('/wt-')
  return project === -1 ? url : url.slice(url.indexOf('/', project + 1) + 1).split('/').slice(0, 2).join('/')
}

/** Self time per function and per package (or project folder), in ms and percent of the total. */
export function summarize(profile: Profile, top = 30) {
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const self = new Map<number, number>()
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const fns = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame
    const file = url.split('/').slice(-2).join('/')
    const key = `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`
    fns.set(key, (fns.get(key) ?? 0) + micros)
    const pkg = where(url)
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros)
  }
  const rows = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n')
  return `total ${(total / 1000).toFixed(0)} ms sampled\n\nby function (self time)\n${rows(fns)}\n\nby package (self time)\n${rows(packages)}`
}

/** Total time (self + callees) of the functions whose file matches `pattern`, counted once per sample. */
export function inclusive(profile: Profile, pattern: RegExp, top = 30) {
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const byId = new Map(profile.nodes.map(node => [node.id, node]))
  const totals = new Map<string, number>()
  let all = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const micros = profile.timeDeltas[i] ?? 0
    all += micros
    const seen = new Set<string>()
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const { functionName, url, lineNumber } = byId.get(id)!.callFrame
      if (!pattern.test(url)) continue
      const key = `${functionName || '(anonymous)'}  ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`
      if (!seen.has(key)) totals.set(key, (totals.get(key) ?? 0) + micros), seen.add(key)
    }
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, micros]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / all).toFixed(1).padStart(5)}%  ${key}`)
    .join('\n')
}

if (require.main === module && /cpu-profile\.ts$/.test(process.argv[1] ?? '')) {
  const file = process.argv[2]
  const option = (name: string) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined)
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'))
  const top = Number(option('top') ?? 30)
  const pattern = option('inclusive')
  console.log(pattern ? inclusive(profile, new RegExp(pattern), top) : summarize(profile, top))
}
