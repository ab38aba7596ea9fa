// Status callbacks: the signature is computed here independently (Twilio's documented algorithm:
// base64 HMAC-SHA1 of the URL followed by each parameter name and value, names sorted) and checked
// by the adapter with Twilio's own validator.
import crypto from 'node:crypto'
import { isFinalTwilioStatus, parseTwilioStatusCallback } from '../../../adapters/sms/twilio-webhook'

const authToken = 'test-auth-token'
const url = 'https://cms.example.com/api/sms/twilio/status?org=7'
const params = {
  AccountSid: 'AC' + '1'.repeat(32),
  MessageSid: 'SM' + 'a'.repeat(32),
  MessageStatus: 'delivered',
  To: '+15550001111',
  From: '+15550009999',
  ApiVersion: '2010-04-01',
}

function sign(token: string, signedUrl: string, body: Record<string, string>) {
  const data = signedUrl + Object.keys(body).sort().map(key => key + body[key]).join('')
  return crypto.createHmac('sha1', token).update(Buffer.from(data, 'utf8')).digest('base64')
}

describe('Twilio status callback', () => {
  test('a correctly signed callback yields MessageSid and MessageStatus', () => {
    const result = parseTwilioStatusCallback({ authToken, url, signature: sign(authToken, url, params), params })
    expect(result).toEqual({ valid: true, messageSid: params.MessageSid, status: 'delivered', to: '+15550001111' })
  })

  test('a failed delivery carries the carrier error code', () => {
    const failed = { ...params, MessageStatus: 'undelivered', ErrorCode: '30003' }
    const result = parseTwilioStatusCallback({ authToken, url, signature: sign(authToken, url, failed), params: failed })
    expect(result).toMatchObject({ valid: true, status: 'undelivered', errorCode: 30003 })
  })

  test('a forged signature, a tampered body, another URL or a missing header are rejected', () => {
    const signature = sign(authToken, url, params)
    expect(parseTwilioStatusCallback({ authToken, url, signature: sign('attacker-token', url, params), params })).toEqual({
      valid: false,
      reason: 'signature does not match',
    })
    expect(parseTwilioStatusCallback({ authToken, url, signature, params: { ...params, MessageStatus: 'failed' } }).valid).toBe(false)
    expect(parseTwilioStatusCallback({ authToken, url: url.replace('org=7', 'org=8'), signature, params }).valid).toBe(false)
    expect(parseTwilioStatusCallback({ authToken, url, signature: undefined, params })).toEqual({
      valid: false,
      reason: 'missing X-Twilio-Signature header',
    })
  })

  test('a signed body without MessageSid is refused', () => {
    const { MessageSid: _omit, ...rest } = params
    const result = parseTwilioStatusCallback({ authToken, url, signature: sign(authToken, url, rest), params: rest })
    expect(result).toEqual({ valid: false, reason: 'MessageSid or MessageStatus missing' })
  })

  test('final statuses', () => {
    expect(isFinalTwilioStatus('delivered')).toBe(true)
    expect(isFinalTwilioStatus('undelivered')).toBe(true)
    expect(isFinalTwilioStatus('sent')).toBe(false)
    expect(isFinalTwilioStatus('queued')).toBe(false)
  })
})
