// quietUntil: where a window of local time ends, in two zones, on the nights their clocks change.
import { quietUntil } from '../../../tasks/delivery/quiet-hours'

const night = (timeZone: string) => ({ timeZone, start: '22:00', end: '07:00' })
const at = (iso: string) => new Date(iso)

describe('a 22:00-07:00 window across daylight-saving changes', () => {
  test.each([
    // New York springs forward on 2026-03-08 at 02:00 (EST -5 -> EDT -4): 07:00 is 11:00Z, not 12:00Z
    ['New York, the evening before spring forward', 'America/New_York', '2026-03-08T04:30:00Z', '2026-03-08T11:00:00.000Z'],
    ['New York, the morning after spring forward', 'America/New_York', '2026-03-08T09:00:00Z', '2026-03-08T11:00:00.000Z'],
    // and falls back on 2026-11-01 at 02:00 (EDT -> EST): the night is an hour longer
    ['New York, the evening before fall back', 'America/New_York', '2026-11-01T03:00:00Z', '2026-11-01T12:00:00.000Z'],
    // Berlin springs forward on 2026-03-29 (CET +1 -> CEST +2) and falls back on 2026-10-25
    ['Berlin, the evening before spring forward', 'Europe/Berlin', '2026-03-28T21:30:00Z', '2026-03-29T05:00:00.000Z'],
    ['Berlin, inside the lost hour', 'Europe/Berlin', '2026-03-29T01:30:00Z', '2026-03-29T05:00:00.000Z'],
    ['Berlin, the evening before fall back', 'Europe/Berlin', '2026-10-24T21:00:00Z', '2026-10-25T06:00:00.000Z'],
    ['Berlin, the repeated hour', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T06:00:00.000Z'],
  ])('%s', (_name, zone, now, until) => {
    expect(quietUntil(at(now), night(zone))?.toISOString()).toBe(until)
  })

  test('the same instant is night in Berlin and evening in New York', () => {
    const instant = at('2026-03-29T00:30:00Z') // 01:30 CET in Berlin, 20:30 EDT in New York
    expect(quietUntil(instant, night('Europe/Berlin'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z')
    expect(quietUntil(instant, night('America/New_York'))).toBeNull()
  })

  test('the end of the window is exclusive and the start inclusive', () => {
    expect(quietUntil(at('2026-03-29T05:00:00Z'), night('Europe/Berlin'))).toBeNull() // 07:00 CEST
    expect(quietUntil(at('2026-03-28T21:00:00Z'), night('Europe/Berlin'))?.toISOString()).toBe('2026-03-29T05:00:00.000Z') // 22:00 CET
  })
})

describe('other windows', () => {
  test('a daytime window does not wrap midnight', () => {
    const lunch = { timeZone: 'Europe/Berlin', start: '12:00', end: '13:30' }
    expect(quietUntil(at('2026-07-01T10:15:00Z'), lunch)?.toISOString()).toBe('2026-07-01T11:30:00.000Z')
    expect(quietUntil(at('2026-07-01T09:59:00Z'), lunch)).toBeNull()
  })

  test('an end inside the spring gap is the first instant after it', () => {
    // 02:30 does not exist in New York on 2026-03-08: the window ends at 03:30 EDT (07:30Z)
    expect(quietUntil(at('2026-03-08T06:30:00Z'), { timeZone: 'America/New_York', start: '01:00', end: '02:30' })?.toISOString()).toBe('2026-03-08T07:30:00.000Z')
  })

  test('a window that cannot be read is no window (a message is never held for it)', () => {
    expect(quietUntil(at('2026-03-29T01:30:00Z'), { timeZone: 'Mars/Olympus', start: '22:00', end: '07:00' })).toBeNull()
    expect(quietUntil(at('2026-03-29T01:30:00Z'), { timeZone: 'Europe/Berlin', start: '25:00', end: '07:00' })).toBeNull()
  })
})
