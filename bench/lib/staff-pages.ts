// The staff list pages the benchmarks measure: each as the Admin UI asks it over GraphQL (a page of 50
// with its columns) and the same rows read directly with the Prisma client (the baseline).
export const PAGE = 50
export const PAGES = 10 // clients cycle through the first ten pages

export type StaffPage = {
  name: string
  /** Variables: $org (the organization), $skip. The root field is `items`. */
  query: string
  prisma: (prisma: any, organizationId: string, skip: number) => Promise<unknown[]>
  /** Throws when a page is not what a staff member with the permissions should see. */
  check: (items: any[]) => void
}

const expect = (ok: unknown, what: string, items: unknown) => {
  if (!ok) throw new Error(`${what}: ${JSON.stringify(items).slice(0, 400)}`)
}

export const STAFF_PAGES: StaffPage[] = [
  {
    name: 'contacts',
    query: `query Page($org: ID!, $skip: Int!) {
  items: contacts(where: { organization: { id: { equals: $org } } }, orderBy: { name: asc }, take: ${PAGE}, skip: $skip) {
    id name phone email unitName unitType type
    role { id label }
    property { id name }
  }
}`,
    prisma: (prisma, organizationId, skip) =>
      prisma.contact.findMany({
        where: { organizationId, archivedAt: null },
        orderBy: { name: 'asc' },
        take: PAGE,
        skip,
        include: { role: true, property: true },
      }),
    check: items => expect(items.length === PAGE && items[0].role?.label && items[0].property?.name && items[0].phone, 'contacts page', items),
  },
  {
    name: 'messages',
    query: `query Page($org: ID!, $skip: Int!) {
  items: messages(where: { organization: { id: { equals: $org } } }, orderBy: { createdAt: desc }, take: ${PAGE}, skip: $skip) {
    id type status recipientKey createdAt
    organization { id name }
  }
}`,
    prisma: (prisma, organizationId, skip) =>
      prisma.message.findMany({ where: { organizationId }, orderBy: { createdAt: 'desc' }, take: PAGE, skip, include: { organization: true } }),
    check: items => expect(items.length === PAGE && items[0].recipientKey && items[0].organization?.name, 'messages page', items),
  },
  {
    name: 'residents',
    query: `query Page($org: ID!, $skip: Int!) {
  items: residents(where: { organization: { id: { equals: $org } } }, orderBy: { unitName: asc }, take: ${PAGE}, skip: $skip) {
    id unitName unitType
    user { id name }
    property { id name }
    contact { id name }
  }
}`,
    prisma: (prisma, organizationId, skip) =>
      prisma.resident.findMany({
        where: { organizationId },
        orderBy: { unitName: 'asc' },
        take: PAGE,
        skip,
        include: { user: true, property: true, contact: true },
      }),
    // staff with readContacts read the names of the residents registered in their organizations (User.residences)
    check: items => expect(items.length === PAGE && items[0].user?.name && items[0].property?.name && items[0].contact?.name, 'residents page', items),
  },
]

export function staffPage(name: string): StaffPage {
  const page = STAFF_PAGES.find(p => p.name === name)
  if (!page) throw new Error(`unknown page ${name}; known: ${STAFF_PAGES.map(p => p.name).join(', ')}`)
  return page
}
