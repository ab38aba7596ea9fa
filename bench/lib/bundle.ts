// Bundles a bench entry the way `keystone build` bundles keystone.ts (our code in, packages external),
// so it runs on plain Node like `npm start`: under tsx every ES module of node_modules (Keystone's
// among them) is recompiled with esbuild's keepNames, which adds work to every call that makes closures.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const ROOT = path.resolve(__dirname, '../..')

export async function bundle(entry: string): Promise<string> {
  const outfile = path.join(ROOT, 'node_modules/.cache/bench', path.basename(entry).replace(/\.ts$/, '.js'))
  await build({
    entryPoints: [path.resolve(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(outfile).href) },
  })
  return outfile
}
