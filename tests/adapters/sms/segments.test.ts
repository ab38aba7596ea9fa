import { assertSmsFits, countSegments, SmsTooLongError } from '../../../adapters/sms/segments'

describe('SMS segment counting', () => {
  test('GSM-7: 160 characters are one segment, 161 are two (153 per concatenated part)', () => {
    expect(countSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 })
    expect(countSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2 })
    expect(countSegments('a'.repeat(306)).segments).toBe(2)
    expect(countSegments('a'.repeat(307)).segments).toBe(3)
  })

  test('GSM accented letters of the basic table stay GSM-7', () => {
    expect(countSegments('Café à Genève, Ñoño, Øre, £5 @ 12:00')).toMatchObject({ encoding: 'GSM-7', segments: 1 })
    // ...but not every accented letter: GSM has ù and é, not ú or ê.
    expect(countSegments('Ñandú')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['ú'] })
  })

  test('extension characters count double and are never split across segments', () => {
    expect(countSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 })
    expect(countSegments('a'.repeat(159) + '€')).toMatchObject({ units: 161, segments: 2 })
    expect(countSegments('{}[]~|^\\')).toMatchObject({ units: 16, segments: 1 })
    // 152 septets then an escape pair: it does not fit in the first part's one remaining septet.
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(152)
    expect(countSegments(text)).toMatchObject({ units: 306, segments: 3 })
  })

  test('UCS-2: 70 characters are one segment, 71 are two (67 per concatenated part)', () => {
    const greek = 'ά' // not in the GSM table (only capital Greek letters are)
    expect(countSegments(greek.repeat(70))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 })
    expect(countSegments(greek.repeat(71))).toMatchObject({ encoding: 'UCS-2', units: 71, segments: 2 })
    expect(countSegments(greek.repeat(134)).segments).toBe(2)
    expect(countSegments(greek.repeat(135)).segments).toBe(3)
  })

  test('one Cyrillic letter switches the whole message to UCS-2', () => {
    const count = countSegments('Your code is 1234. Ваш код 1234.')
    expect(count.encoding).toBe('UCS-2')
    expect(count.nonGsmCharacters).toEqual(['В', 'а', 'ш', 'к', 'о', 'д'])
    expect(countSegments('Отключение воды завтра с 10:00 до 14:00 в подъезде 2. Управляющая компания.')).toMatchObject({
      encoding: 'UCS-2',
      segments: 2,
    })
  })

  test('emoji take two UTF-16 units and a surrogate pair is never split', () => {
    expect(countSegments('😀'.repeat(35))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1 })
    // 66 units then an emoji: the pair does not fit the first part's one remaining unit.
    expect(countSegments('ж'.repeat(66) + '😀' + 'ж'.repeat(66))).toMatchObject({ units: 134, segments: 3 })
  })

  test('the empty text is zero segments', () => {
    expect(countSegments('')).toMatchObject({ units: 0, segments: 0 })
  })

  test('assertSmsFits throws a clear error naming encoding, size, limit and the offending characters', () => {
    expect(assertSmsFits('hello', 1).segments).toBe(1)
    const text = 'Уважаемый жилец! ' + 'x'.repeat(60)
    let error: unknown
    try {
      assertSmsFits(text, 1, 'message type "water-outage"')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SmsTooLongError)
    const tooLong = error as SmsTooLongError
    expect(tooLong.code).toBe('SMS_TOO_LONG')
    expect(tooLong.count).toMatchObject({ encoding: 'UCS-2', segments: 2 })
    expect(tooLong.message).toBe(
      'message type "water-outage": the SMS text needs 2 segments (77 UTF-16 units in UCS-2), more than the limit of 1 ' +
        '(70 UTF-16 units). It is sent as UCS-2 because of "У", "в", "а", "ж", "е" and others, which the GSM 7-bit ' +
        'alphabet lacks. Shorten the template.'
    )
    expect(() => assertSmsFits('a'.repeat(307), 2)).toThrow(
      'the SMS text needs 3 segments (307 septets in GSM-7), more than the limit of 2 (306 septets). Shorten the template.'
    )
  })
})
