// TurnBatch: what is added within one turn reaches one flush; a flush that throws fails only the items
// it left unsettled; items added after a flush started wait for the next one.
import { TurnBatch } from '../../../tasks/delivery/turn-batch'

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
