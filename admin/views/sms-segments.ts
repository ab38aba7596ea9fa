// How many SMS a text costs: GSM 03.38 (7-bit) texts fit 160 characters in one message and 153 per part
// when split; anything outside that alphabet is sent as UCS-2 (70, then 67 per part). Extension characters
// (^{}[]~|€\) count twice in GSM.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM_EXTENDED = '^{}\\[~]|€\f'

export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number; units: number } {
  let units = 0
  for (const char of text) {
    if (GSM_BASIC.includes(char)) units += 1
    else if (GSM_EXTENDED.includes(char)) units += 2
    else {
      const length = [...text].reduce((n, c) => n + (c.codePointAt(0)! > 0xffff ? 2 : 1), 0)
      return { encoding: 'UCS-2', units: length, segments: length <= 70 ? 1 : Math.ceil(length / 67) }
    }
  }
  return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) }
}
