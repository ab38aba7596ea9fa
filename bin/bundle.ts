// Bundles an entry the way `keystone build` bundles keystone.ts: our code in (generated/ included),
// packages external, CommonJS for plain Node. Used by `npm run build:worker` and by the benchmarks.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

export const ROOT = path.resolve(__dirname, '..')

/** Where `npm run build` writes the worker, beside Keystone's own .keystone/config.js and prisma.js. */
export const WORKER_BUNDLE = path.join(ROOT, '.keystone/worker.js')

export async function bundle(entry: string, outfile: string): Promise<string> {
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
    // the generated Prisma client locates itself with import.meta.url, which CommonJS does not have
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(outfile).href) },
  })
  return outfile
}

// `tsx bin/bundle.ts worker`: what `npm run build:worker` runs
if (require.main === module) {
  if (process.argv[2] !== 'worker') {
    console.error('usage: tsx bin/bundle.ts worker')
    process.exit(1)
  }
  bundle('tasks/worker.ts', WORKER_BUNDLE).then(
    file => console.log(`✨ Bundled the worker into ${path.relative(ROOT, file)}`),
    error => {
      console.error(error)
      process.exit(1)
    }
  )
}
