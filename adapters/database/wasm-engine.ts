// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm) once per process.
// The native engine binary cannot be downloaded offline; this one ships inside the npm package.
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import type * as SchemaEngineWasm from '@prisma/schema-engine-wasm'

export type WasmModule = typeof SchemaEngineWasm

const packageRequire = createRequire(__filename)

let loading: Promise<WasmModule> | undefined
let memory: WebAssembly.Memory | undefined
let panicMessage: string | undefined

export function loadWasmEngine(): Promise<WasmModule> {
  loading ??= instantiate()
  return loading
}

/** The Rust panic message behind the last WebAssembly.RuntimeError, if any. */
export function lastPanicMessage(): string | undefined {
  return panicMessage
}

async function instantiate(): Promise<WasmModule> {
  const dir = path.dirname(packageRequire.resolve('@prisma/schema-engine-wasm'))
  const glue = loadGlue(path.join(dir, 'schema_engine_bg.js'))
  const module = await WebAssembly.compile(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')))
  const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': engineImports(glue) })
  memory = instance.exports.memory as WebAssembly.Memory
  glue.__wbg_set_wasm(instance.exports)
  ;(instance.exports as any).__wbindgen_start()
  return glue as unknown as WasmModule
}

/**
 * The package's entry imports the .wasm as an ES module, which Node refuses, and its glue file is
 * ESM-only, which jest's CommonJS runtime refuses too. The glue is generated code made only of
 * `export function` / `export class`: evaluate it as a function body in this realm instead.
 * (The version is pinned in package.json; an unexpected shape fails loudly here.)
 */
function loadGlue(file: string): Record<string, any> {
  const source = fs.readFileSync(file, 'utf8')
  const names = [...source.matchAll(/^export (?:function|class) ([\w$]+)/gm)].map(match => match[1])
  const body = source.replace(/^export (function|class) /gm, '$1 ')
  if (/^\s*(export|import)\b/m.test(body) || !names.includes('__wbg_set_wasm')) {
    throw new Error(`Unexpected shape of ${file}: cannot load the schema engine`)
  }
  return new Function(`"use strict";\n${body}\nreturn { ${names.join(', ')} };`)()
}

/** What the engine imports from its glue, with two functions replaced. */
function engineImports(glue: Record<string, any>): Record<string, any> {
  const imports = { ...glue }
  for (const name of Object.keys(imports)) {
    // it arms 60 s timers it never clears: unref them so a finished command exits at once
    if (name.startsWith('__wbg_setTimeout_')) {
      imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref()
    }
    // it reports Rust panics to a global registry the Prisma CLI installs; keep the message here
    if (name.startsWith('__wbg_set_message_')) {
      imports[name] = (ptr: number, len: number) => {
        if (memory) panicMessage = new TextDecoder().decode(new Uint8Array(memory.buffer, ptr >>> 0, len))
      }
    }
  }
  return imports
}
