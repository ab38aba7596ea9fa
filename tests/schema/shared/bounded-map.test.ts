import { BoundedMap } from '../../../schema/shared/bounded-map'

test('keeps at most its bound, dropping the oldest key; setting a kept key again drops nothing', () => {
  const map = new BoundedMap<string, number>(2)
  map.set('a', 1).set('b', 2)
  map.set('a', 3)
  expect([...map]).toEqual([['a', 3], ['b', 2]])
  map.set('c', 4)
  expect([...map]).toEqual([['b', 2], ['c', 4]])
})
