// Where a process's allocations went: sums a sampling heap profile (`BENCH_ALLOCATIONS=<file> npm run
// bench` writes the API process's for the first fan-out run, collected garbage included) by function and
// by package or bundled source file. Garbage, not what stays alive: that is a heap snapshot's job.
//   npx tsx bench/allocation-summary.ts <file.heapprofile> [--top 30]
import fs from 'node:fs'

type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] }

const file = process.argv[2]
if (!file) {
  console.error('usage: npx tsx bench/allocation-summary.ts <file.heapprofile> [--top 30]')
  process.exit(1)
}
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 30
const { head } = JSON.parse(fs.readFileSync(file, 'utf8')) as { head: Node }
const byFunction = new Map<string, number>()
const byPackage = new Map<string, number>()
let total = 0
const add = (map: Map<string, number>, key: string, bytes: number) => map.set(key, (map.get(key) ?? 0) + bytes)
const stack = [head]
while (stack.length) {
  const node = stack.pop()!
  stack.push(...node.children)
  if (!node.selfSize) continue
  const { functionName, url, lineNumber } = node.callFrame
  const where = url.replace(/^file:\/\//, '').replace(/^.*node_modules\/(?!\.cache)/, '')
  total += node.selfSize
  add(byFunction, `${functionName || '(anonymous)'}  ${where || '(native)'}:${lineNumber + 1}`, node.selfSize)
  const pkg = where.startsWith('/') || where.includes('.cache/') ? where : where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/')
  add(byPackage, pkg || '(native)', node.selfSize)
}
const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(8)
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`)
  for (const [key, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(bytes)} MB  ${key}`)
}
console.log(`allocated: ${(total / 1e6).toFixed(0)} MB (sampled)`)
print('by package or file', byPackage)
print('by function', byFunction)
