// The Admin UI's own parts (Keystone reads this file): the product's logo and the sidebar grouped by task.
import type { AdminConfig } from '@keystone-6/core/types'
import { Logo } from './components/brand/Logo'
import { Navigation } from './components/navigation/Navigation'

export const components: AdminConfig['components'] = { Logo, Navigation }
