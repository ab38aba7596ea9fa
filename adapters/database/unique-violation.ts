// Recognizes a unique-constraint violation however it arrives: from Prisma directly (P2002) or
// wrapped by Keystone's database API (GraphQLError with the Prisma error as originalError).
export function isUniqueViolation(error: unknown): boolean {
  const seen = new Set<unknown>()
  let current: any = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    if (current.code === 'P2002') return true
    if (typeof current.message === 'string' && /Unique constraint failed/i.test(current.message)) return true
    current = current.originalError ?? current.cause
  }
  return false
}
