// Per-request batching: what a page asks in one turn is loaded with one call; each caller gets its own
// answer (or undefined), a failure reaches every caller of that batch, and requests never share batches.
import { loadInBatch } from '../../../schema/shared/batch-loader'

test('keys asked in one turn are loaded together, once each, and answered separately', async () => {
  const calls: string[][] = []
  const load = async (keys: string[]) => (calls.push(keys), new Map(keys.filter(k => k !== 'missing').map(k => [k, k.toUpperCase()])))
  const request = {}
  const answers = await Promise.all(['a', 'b', 'a', 'missing'].map(key => loadInBatch(request, 'letters', key, load)))
  expect(answers).toEqual(['A', 'B', 'A', undefined])
  expect(calls).toEqual([['a', 'b', 'missing']])
  // a later turn is a new batch; another request never joins this one
  await Promise.all([loadInBatch(request, 'letters', 'c', load), loadInBatch({}, 'letters', 'd', load)])
  expect(calls.slice(1).sort()).toEqual([['c'], ['d']])
})

test('a failed load fails every caller of that batch', async () => {
  const request = {}
  const failing = async () => {
    throw new Error('database away')
  }
  const results = await Promise.allSettled([loadInBatch(request, 'x', '1', failing), loadInBatch(request, 'x', '2', failing)])
  expect(results.map(r => r.status)).toEqual(['rejected', 'rejected'])
})
