// Bundles a bench entry like `npm run build` bundles keystone.ts and the worker (bin/bundle.ts), so it
// runs on plain Node like `npm start` and `npm run worker`: under tsx every ES module of node_modules
// (Keystone's among them) is recompiled with esbuild's keepNames, which adds work to every call that
// makes closures, and the loader itself holds memory the product does not.
import path from 'node:path'
import { bundle as bundleEntry, ROOT } from '../../bin/bundle'

export function bundle(entry: string): Promise<string> {
  return bundleEntry(entry, path.join(ROOT, 'node_modules/.cache/bench', path.basename(entry).replace(/\.ts$/, '.js')))
}
