import { addCompositeUnique } from '../shared/prisma-schema'
import { PushToken } from './push-token'
import { RemoteClient } from './remote-client'

export { PLATFORMS, type Platform } from './remote-client'

export const pushLists = { RemoteClient, PushToken }

export const pushPrismaExtensions = [
  // the upsert key of syncRemoteClient: a database rule, not a check-then-insert
  addCompositeUnique('RemoteClient', ['deviceId', 'appId'], 'RemoteClient_deviceId_appId_key'),
  addCompositeUnique('PushToken', ['transport', 'token'], 'PushToken_transport_token_key'),
]
