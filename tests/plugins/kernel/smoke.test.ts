import { getContext } from '@keystone-6/core/context'
import config from '../../../keystone'
import * as PrismaModule from '../../../generated/prisma/client'

test('context', async () => {
  const context = getContext(config, PrismaModule)
  expect(typeof context.sudo).toBe('function')
})
