// The staff dashboard: every card plugins contribute, each loaded with the caller's own context (so
// counts obey the lists' access). A card that fails shows its error instead of hiding the others.
import type { KeystoneContext } from '@keystone-6/core/types'
import type { DashboardCard } from '../kernel'

export type LoadedCard = {
  key: string
  title: string
  count: number | null
  href: string | null
  items: { label: string; href: string }[]
  error: string | null
}

export async function loadDashboard(context: KeystoneContext<any>, cards: readonly DashboardCard[]): Promise<LoadedCard[]> {
  const sorted = [...cards].sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
  return Promise.all(
    sorted.map(async card => {
      try {
        const { count, href, items } = await card.load(context)
        return { key: card.key, title: card.title, count, href: href ?? null, items: items ?? [], error: null }
      } catch (error) {
        console.error(`Dashboard card "${card.key}" failed:`, error)
        return { key: card.key, title: card.title, count: null, href: null, items: [], error: 'This card could not be loaded' }
      }
    })
  )
}
