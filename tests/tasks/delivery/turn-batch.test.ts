// TurnBatch: what is added within one turn reaches one flush; a flush that throws fails only the items
// it left unsettled; items added after a flush started wait for the next one. loaderByKey: the keys one
// client asks for in a turn are read in one load (each distinct key once), never cached across turns.
import { loaderByKey, TurnBatch } from '../../../tasks/delivery/turn-batch'

test('items added in one turn are flushed together, each settled on its own', async () => {
  const flushes: number[][] = []
  const batch = new TurnBatch<number, number>(async waiting => {
    flushes.push(waiting.map(w => w.item))
    for (const w of waiting) w.resolve(w.item * 10)
  })
  const first = await Promise.all([batch.add(1), batch.add(2), batch.add(3)])
  const second = await batch.add(4)
  expect(first).toEqual([10, 20, 30])
  expect(second).toBe(40)
  expect(flushes).toEqual([[1, 2, 3], [4]])
})

test('a flush that throws fails the items it had not settled, and has() sees only waiting items', async () => {
  const batch = new TurnBatch<string, string>(async waiting => {
    waiting[0].resolve('done')
    throw new Error('database down')
  })
  const a = batch.add('a')
  const b = batch.add('b')
  expect(batch.has(item => item === 'b')).toBe(true)
  expect(await a).toBe('done')
  await expect(b).rejects.toThrow('database down')
  expect(batch.has(item => item === 'b')).toBe(false)
})

test('loaderByKey reads the keys of one turn in one load per client, and reads again on the next turn', async () => {
  const loads: { client: string; keys: string[] }[] = []
  let version = 1
  const emailOf = loaderByKey<string>(async (client: { name: string }, keys) => {
    loads.push({ client: client.name, keys })
    return new Map(keys.filter(key => key !== 'nobody').map(key => [key, `${key}@v${version}`]))
  })
  const one = { name: 'one' }
  const two = { name: 'two' }
  const first = await Promise.all([emailOf(one, 'a'), emailOf(one, 'b'), emailOf(one, 'a'), emailOf(one, 'nobody'), emailOf(two, 'a')])
  expect(first).toEqual(['a@v1', 'b@v1', 'a@v1', undefined, 'a@v1'])
  expect(loads).toEqual([
    { client: 'one', keys: ['a', 'b', 'nobody'] },
    { client: 'two', keys: ['a'] },
  ])
  version = 2
  expect(await emailOf(one, 'a')).toBe('a@v2')
  expect(loads).toHaveLength(3)
})
