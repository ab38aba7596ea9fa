// Counts the database queries a test app runs, through a Prisma client extension composed like any
// plugin's: every model operation Keystone or our code sends passes through it.
import { definePlugin } from '../../plugins/kernel'

export function queryCounter() {
  const counter = {
    count: 0,
    models: [] as string[],
    plugin: definePlugin({
      name: 'test-query-counter',
      extendPrismaClient: (client: any) =>
        client.$extends({
          query: {
            $allModels: {
              async $allOperations({ model, operation, args, query }: any) {
                counter.count++
                counter.models.push(`${model}.${operation}`)
                return query(args)
              },
            },
          },
        }),
    }),
    /** The queries `run` caused. */
    async during<T>(run: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
      const start = counter.models.length
      const result = await run()
      return { result, queries: counter.models.slice(start) }
    },
  }
  return counter
}
