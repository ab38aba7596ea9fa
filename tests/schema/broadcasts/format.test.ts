// A broadcast body's formatting subset, per channel: markers removed for plain text, escaped HTML with
// only the subset's tags for email, and an SMS cut to its segments with room for the unsubscribe link.
import { countSegments } from '../../../adapters/sms/segments'
import { emailHtml, plainText, SMS_LINK_RESERVE, SMS_MAX_SEGMENTS, smsText } from '../../../schema/broadcasts/format'

test('plain text drops the markers and keeps everything else as typed', () => {
  expect(plainText('Water **off** on _Saturday_ 9-12\n- North\n- South')).toBe('Water off on Saturday 9-12\n- North\n- South')
  expect(plainText('file_name_here and 2*3*4')).toBe('file_name_here and 2*3*4')
})

test('email HTML: paragraphs, breaks, lists, bold, italic, links; any HTML typed in is shown, not run', () => {
  expect(emailHtml('Hello **all**\nsee https://example.org/a?b=1&c=2.\n\n- one\n- _two_')).toBe(
    '<p>Hello <strong>all</strong><br>see <a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.</p>\n<ul><li>one</li><li><em>two</em></li></ul>'
  )
  expect(emailHtml('<script>alert(1)</script> **<b>x</b>**')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>&lt;b&gt;x&lt;/b&gt;</strong></p>')
  expect(emailHtml('javascript:alert(1) "quoted"')).toBe('<p>javascript:alert(1) &quot;quoted&quot;</p>')
})

test.each([
  ['GSM-7', 'Water off Saturday 9-12', 'The main valve is replaced. '.repeat(30)],
  ['UCS-2 (Cyrillic)', 'Отключение воды', 'Меняем главный вентиль. '.repeat(30)],
])('SMS (%s): cut with "..." to fit %s segments with the link', (_name, title, body) => {
  const text = smsText(title, body)
  expect(text.endsWith('...')).toBe(true)
  expect(countSegments(`${text}\n${'x'.repeat(SMS_LINK_RESERVE)}`).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS)
  expect(text.startsWith(`${title}: `)).toBe(true)
})

test('a short SMS is left whole', () => {
  expect(smsText('Gas leak', 'Leave **now**.')).toBe('Gas leak: Leave now.')
})
