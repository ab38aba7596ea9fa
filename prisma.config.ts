// Read by the Prisma CLI that Keystone runs to generate the client. Schema changes go through `npm run db:*`.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'generated/schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL },
})
