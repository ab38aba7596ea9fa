// Keystone's item page asks `keystone { adminMeta { list(key, itemId) } }` beside the item; Apollo's cache
// keeps those id-less objects by replacing them, so that answer drops the `lists` the whole Admin UI
// was built from, which refetches KsFetchAdminMeta (and re-hydrates every list's fields), whose answer in
// turn drops `list(...)` and refetches the item: two extra round trips and a full re-render per opened
// item. Keystone creates the Apollo client itself; this tells its cache to merge the two objects instead.
import { useApolloClient, type ApolloClient } from '@keystone-6/core/admin-ui/apollo'

const merged = new WeakSet<object>()

export function useMergedAdminMeta() {
  const client = useApolloClient() as ApolloClient
  const cache = client.cache as { policies?: { addTypePolicies(policies: object): void } }
  if (merged.has(cache) || !cache.policies) return
  merged.add(cache)
  cache.policies.addTypePolicies({ KeystoneMeta: { merge: true }, KeystoneAdminMeta: { merge: true } })
}
