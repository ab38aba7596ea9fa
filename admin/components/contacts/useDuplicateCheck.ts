// While staff type a phone or an email on the create form: the organization's live contacts with the same
// phone or email (findContactDuplicates normalizes both as a save would), asked once typing pauses.
import { useEffect, useState } from 'react'
import { gql, useLazyQuery } from '@keystone-6/core/admin-ui/apollo'
import type { Existing } from './contact-errors'

const FIND_DUPLICATES = gql`
  query ContactCreateDuplicates($organization: ID!, $phone: String, $email: String) {
    findContactDuplicates(organization: $organization, phone: $phone, email: $email) {
      id
      name
      unitName
    }
  }
`

export function useDuplicateCheck(organization: string | null, phone: string, email: string, delayMs = 400): Existing[] {
  const [find] = useLazyQuery<{ findContactDuplicates: Existing[] }>(FIND_DUPLICATES, { fetchPolicy: 'network-only' })
  const [found, setFound] = useState<Existing[]>([])
  useEffect(() => {
    const p = phone.trim()
    const e = email.trim()
    if (!organization || (!p && !e)) {
      setFound([])
      return
    }
    let current = true
    const timer = setTimeout(async () => {
      // a half-typed phone or email is refused (WRONG_PHONE_FORMAT...): ask with the part that parses
      const ask = async (variables: object) => (await find({ variables: { organization, ...variables } }).catch(() => null))?.data?.findContactDuplicates ?? null
      const both = await ask({ phone: p || null, email: e || null })
      const results = both ?? [...((p && (await ask({ phone: p }))) || []), ...((e && (await ask({ email: e }))) || [])]
      if (current) setFound(results.filter((c, i) => results.findIndex(o => o.id === c.id) === i))
    }, delayMs)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [organization, phone, email, delayMs, find])
  return found
}
