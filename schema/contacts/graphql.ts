// GraphQL additions for contacts: the "possible duplicates" search staff run before creating a
// contact, and archived contacts hidden from `contacts` / `contactsCount` unless filtered for.
import { g } from '@keystone-6/core'
import type { GraphQLSchema } from 'graphql'
import { holdsPermission } from '../shared/access'
import { hideArchivedByDefault } from '../shared/archive'
import { typedError } from '../shared/errors'
import { normalizeEmail, normalizePhone } from '../shared/normalize'
import { possibleDuplicateIds } from './contact-duplicates'
import { searchContactsByPhoneAndEmail } from './contact-search'

const searchContactDuplicates = g.extend(base => ({
  query: {
    findContactDuplicates: g.field({
      type: g.nonNull(g.list(g.nonNull(base.object('Contact')))),
      description:
        "Live contacts of the organization with this phone and/or email, normalized as contacts are (the organization's country is the default phone region)",
      args: {
        organization: g.arg({ type: g.nonNull(g.ID) }),
        phone: g.arg({ type: g.String }),
        email: g.arg({ type: g.String }),
      },
      async resolve(_source, args, context: any) {
        const organizationId = args.organization
        const allowed =
          (await holdsPermission(context, organizationId, 'readContacts')) || (await holdsPermission(context, organizationId, 'manageContacts'))
        if (!allowed) throw typedError('CONTACT_SEARCH_FORBIDDEN', 'Searching contacts needs readContacts or manageContacts in that organization')
        const rawPhone = args.phone?.trim()
        const rawEmail = args.email?.trim()
        if (!rawPhone && !rawEmail) throw typedError('CONTACT_SEARCH_EMPTY', 'Give a phone, an email or both')
        const organization = await context.sudo().db.Organization.findOne({ where: { id: organizationId } })
        const phone = rawPhone ? normalizePhone(rawPhone, organization?.country) : null
        if (rawPhone && !phone) throw typedError('WRONG_PHONE_FORMAT', 'The phone number is not valid', { field: 'phone' })
        const email = rawEmail ? normalizeEmail(rawEmail) : null
        if (rawEmail && !email) throw typedError('WRONG_EMAIL_FORMAT', 'The email address is not valid', { field: 'email' })
        const ids = await possibleDuplicateIds(context, { organizationId, phone, email })
        // through the caller's access rules: phone and email read as they would anywhere else
        return context.db.Contact.findMany({ where: { id: { in: ids } }, orderBy: { name: 'asc' } })
      },
    }),
  },
}))

const hideArchivedContacts = hideArchivedByDefault({ queryField: 'contacts', countField: 'contactsCount' })

export function extendContactsGraphql(schema: GraphQLSchema): GraphQLSchema {
  return searchContactsByPhoneAndEmail(hideArchivedContacts(searchContactDuplicates(schema)))
}
