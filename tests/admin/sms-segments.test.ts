// The dev outbox preview's SMS segment count (admin/views/sms-segments.ts): GSM-7 160/153, UCS-2 70/67.
import { smsSegments } from '../../admin/views/sms-segments'

test.each([
  ['a'.repeat(160), 'GSM-7', 1],
  ['a'.repeat(161), 'GSM-7', 2],
  ['a'.repeat(306), 'GSM-7', 2],
  ['a'.repeat(307), 'GSM-7', 3],
  ['{'.repeat(80), 'GSM-7', 1], // extension characters count twice
  ['{'.repeat(81), 'GSM-7', 2],
  ['Привет'.repeat(11) + 'Прив', 'UCS-2', 1], // 70
  ['Привет'.repeat(11) + 'Приве', 'UCS-2', 2], // 71
  ['😀'.repeat(35), 'UCS-2', 1], // a surrogate pair is two units
  ['😀'.repeat(36), 'UCS-2', 2],
])('%#: %s…', (text, encoding, segments) => {
  expect(smsSegments(text)).toMatchObject({ encoding, segments })
})
