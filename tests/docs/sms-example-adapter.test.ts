// The example adapter from docs/plugins.md works: real HTTP against a tiny SMS.ru fake.
import http from 'node:http'
import { SmsRuTransport, smsRuFromEnv } from '../../docs/examples/sms-example-adapter'
import { InvalidAddressError, PermanentTransportError, TransientTransportError } from '../../adapters/transport/types'
import { closeServer, listen, readBody, sendJson } from '../fakes/http'

// The tiny fake: POST /sms/send, answers as sms.ru does with json=1.
const received: Record<string, string>[] = []
let nextAnswer: ((phone: string) => object) | undefined
const server = http.createServer(async (req, res) => {
  const params = Object.fromEntries(new URLSearchParams(await readBody(req)))
  received.push(params)
  const answer = nextAnswer ?? (phone => ({ status: 'OK', status_code: 100, sms: { [phone]: { status: 'OK', status_code: 100, sms_id: '000000-10000001' } }, balance: 41.5 }))
  nextAnswer = undefined
  sendJson(res, 200, params.api_id === 'test-api-id' ? answer(params.to) : { status: 'ERROR', status_code: 200, status_text: 'Неправильный api_id' })
})
let transport: SmsRuTransport
beforeAll(async () => {
  const port = await listen(server)
  transport = smsRuFromEnv({ SMSRU_API_ID: 'test-api-id', SMSRU_FROM: 'HomeCMS', SMSRU_API_BASE_URL: `http://127.0.0.1:${port}` })!
})
afterAll(() => closeServer(server))
beforeEach(() => received.splice(0))

const options = { idempotencyKey: 'msg-1:sms:+79255070602' }
const failFor = (code: number, text: string) => (phone: string) => ({
  status: 'OK',
  status_code: 100,
  sms: { [phone]: { status: 'ERROR', status_code: code, status_text: text } },
})

describe('docs example: SMS.ru adapter', () => {
  test('sends and returns the sms_id', async () => {
    await expect(transport.send('+79255070602', { text: 'Код: 1234' }, options)).resolves.toEqual({ providerMessageId: '000000-10000001' })
    expect(received).toEqual([{ api_id: 'test-api-id', to: '79255070602', msg: 'Код: 1234', json: '1', from: 'HomeCMS' }])
  })

  test('classifies failures', async () => {
    nextAnswer = failFor(207, 'На этот номер нельзя отправлять сообщения')
    await expect(transport.send('+79255070602', { text: 'x' }, options)).rejects.toBeInstanceOf(InvalidAddressError)
    nextAnswer = failFor(220, 'Сервис временно недоступен')
    await expect(transport.send('+79255070602', { text: 'x' }, options)).rejects.toBeInstanceOf(TransientTransportError)
    nextAnswer = () => ({ status: 'ERROR', status_code: 201, status_text: 'Не хватает средств на лицевом счету' })
    await expect(transport.send('+79255070602', { text: 'x' }, options)).rejects.toMatchObject({ constructor: PermanentTransportError, providerCode: 201 })
  })

  test('is off without SMSRU_API_ID', () => {
    expect(smsRuFromEnv({})).toBeUndefined()
  })
})
