// What a scaffold changes, planned in full before anything is written: new files (never overwriting)
// and insertions into existing ones (each found by an anchor; a missing anchor stops the scaffold
// before it writes anything, with what to add by hand).
import fs from 'node:fs'
import path from 'node:path'

export type Insertion = {
  file: string
  /** Returns the new content, or undefined when the anchor is not found. */
  apply(content: string): string | undefined
  /** What to do by hand when the anchor is missing. */
  manual: string
}

export type Plan = {
  files: Record<string, string>
  insertions: Insertion[]
  /** Printed after the files are written: what the developer runs next. */
  next: string[]
}

export type Written = { created: string[]; changed: string[] }

export function applyPlan(root: string, plan: Plan): Written {
  for (const file of Object.keys(plan.files)) {
    if (fs.existsSync(path.join(root, file))) throw new Error(`${file} already exists; the scaffold never overwrites a file`)
  }
  const changed = new Map<string, string>()
  for (const insertion of plan.insertions) {
    const current = changed.get(insertion.file) ?? fs.readFileSync(path.join(root, insertion.file), 'utf8')
    const next = insertion.apply(current)
    if (next === undefined) throw new Error(`Cannot find where to edit ${insertion.file}; nothing was written. ${insertion.manual}`)
    changed.set(insertion.file, next)
  }
  for (const [file, content] of Object.entries(plan.files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    fs.writeFileSync(path.join(root, file), content)
  }
  for (const [file, content] of changed) fs.writeFileSync(path.join(root, file), content)
  return { created: Object.keys(plan.files), changed: [...changed.keys()] }
}

/** Inserts `line` after the last import from a module matching `near` (else after the last import). */
export function addImport(line: string, near?: RegExp) {
  return (content: string) => {
    if (content.includes(line)) return content
    const imports = [...content.matchAll(/^import (?:[\s\S]*?from )?'([^']+)'\n/gm)]
    const neighbours = near ? imports.filter(match => near.test(match[1])) : []
    const last = neighbours[neighbours.length - 1] ?? imports[imports.length - 1]
    if (!last) return undefined
    const at = last.index! + last[0].length
    return content.slice(0, at) + line + '\n' + content.slice(at)
  }
}
