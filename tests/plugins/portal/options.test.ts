// The portal's environment: defaults, overrides, and a clear error for a bad value at start-up.
import { portalOptionsFromEnv } from '../../../plugins/portal'

const secret = 'x'.repeat(40)

test('defaults: a week-long link, 10-character passwords, 3 resends a day, PUBLIC_URL or localhost', () => {
  const options = portalOptionsFromEnv({}, secret, {})
  expect(options).toMatchObject({
    invitationTtlHours: 168,
    passwordMinLength: 10,
    publicUrl: 'http://localhost:3000',
    limits: { resendsPerContactPerDay: 3, inviteChecksPerIpPerHour: 60 },
  })
  expect(portalOptionsFromEnv({ PUBLIC_URL: 'https://homes.example/', PORTAL_INVITATION_TTL_HOURS: '48' }, secret, {})).toMatchObject({
    publicUrl: 'https://homes.example',
    invitationTtlHours: 48,
  })
})

test.each([
  ['PORTAL_INVITATION_TTL_HOURS', '0', 'PORTAL_INVITATION_TTL_HOURS must be a positive integer (got "0")'],
  ['PORTAL_INVITATION_RESENDS_PER_DAY', 'many', 'PORTAL_INVITATION_RESENDS_PER_DAY must be a positive integer (got "many")'],
  ['PORTAL_PASSWORD_MIN_LENGTH', '6', 'PORTAL_PASSWORD_MIN_LENGTH must be between 8 and 72 (got 6)'],
  ['PORTAL_PASSWORD_MIN_LENGTH', '100', 'PORTAL_PASSWORD_MIN_LENGTH must be between 8 and 72 (got 100)'],
])('%s=%s stops start-up: %s', (name, value, message) => {
  expect(() => portalOptionsFromEnv({ [name]: value }, secret, {})).toThrow(message)
})
