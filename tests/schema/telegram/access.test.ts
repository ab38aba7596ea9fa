// TelegramUserChat: readable by admins and the linked user, made and removed by the bot's webhook only
// (admins may delete a link); link tokens are not in the GraphQL API at all.
import { telegramPlugin } from '../../../plugins/telegram'
import { startTestApp, type TestApp } from '../../harness/app'
import { accessOf, nobody, only, roleContexts, ROLES, type Case } from '../channel-access-matrix'

let app: TestApp
let prisma: any
let roles: Awaited<ReturnType<typeof roleContexts>>
let seq = 0

beforeAll(async () => {
  app = await startTestApp({ channels: [telegramPlugin({ transports: [] })] })
  prisma = app.context.prisma
  roles = await roleContexts(app)
})
afterAll(() => app.close())

// one chat per user: each item frees the owner's previous link first
const chat = async (userId: string) => {
  await prisma.telegramUserChat.deleteMany({ where: { userId } })
  return prisma.telegramUserChat.create({ data: { userId, chatId: String(100000 + ++seq) } })
}

const CASE: Case = {
  list: 'TelegramUserChat',
  item: chat,
  createData: () => ({ chatId: `forged-${++seq}` }),
  updateData: { chatId: 'hijacked' },
  read: only('owner', 'admin'),
  create: nobody,
  update: nobody,
  delete: only('admin'),
}

describe('TelegramUserChat', () => {
  test.each(ROLES)('%s', async role => {
    expect(await accessOf(roles.ctx[role], CASE, roles.ownerId)).toEqual({ read: CASE.read[role], create: CASE.create[role], update: CASE.update[role], delete: CASE.delete[role] })
  })
})

test('TelegramLinkToken is not part of the GraphQL API', async () => {
  const res = await roles.ctx.admin.graphql.raw({ query: '{ telegramLinkTokens { id } }' })
  expect(res.errors?.[0].message).toMatch(/Cannot query field "telegramLinkTokens"/)
})
