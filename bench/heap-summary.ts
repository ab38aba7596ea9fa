// What a heap snapshot holds, by constructor (or type for strings, arrays, code): count and self size.
//   npx tsx bench/heap-summary.ts <file.heapsnapshot> [--top 25]
import fs from 'node:fs'

const file = process.argv[2]
const top = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 25
const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'))
const fields: string[] = snapshot.snapshot.meta.node_fields
const types: string[] = snapshot.snapshot.meta.node_types[0]
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map(f => fields.indexOf(f))
const groups = new Map<string, { count: number; size: number }>()
let total = 0
for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
  const type = types[snapshot.nodes[i + typeAt]]
  const key = type === 'object' || type === 'closure' ? `${type} ${snapshot.strings[snapshot.nodes[i + nameAt]]}` : type
  const size = snapshot.nodes[i + sizeAt]
  total += size
  const group = groups.get(key) ?? { count: 0, size: 0 }
  group.count++
  group.size += size
  groups.set(key, group)
}
console.log(`${(total / 1048576).toFixed(1)} MB in ${(snapshot.nodes.length / fields.length).toLocaleString('en')} objects`)
for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, top)) {
  console.log(`${(g.size / 1048576).toFixed(1).padStart(8)} MB ${String(g.count).padStart(9)}  ${key.slice(0, 100)}`)
}
