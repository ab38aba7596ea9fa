// @keystone-6/auth writes its sign-in page into the Admin UI build (ui.getAdditionalFiles), and those
// files win over admin/pages. Ours (admin/components/signin/SigninPage.tsx) keeps the email and shows
// the error after a wrong password, so the file auth writes is pointed at it instead.
import type { KeystoneConfig } from '@keystone-6/core/types'

export const SIGNIN_PAGE_FILE = 'pages/signin.js'
// from .keystone/admin/pages/ to the project's admin/ folder
const SIGNIN_PAGE_SOURCE = `export { default } from '../../../admin/components/signin/SigninPage'\n`

export function ownSigninPage(config: KeystoneConfig<any>): KeystoneConfig<any> {
  const ui = config.ui
  if (!ui || ui.isDisabled || !ui.getAdditionalFiles) return config
  const original = ui.getAdditionalFiles
  return {
    ...config,
    ui: {
      ...ui,
      async getAdditionalFiles() {
        const files = await original()
        return files.map(file => (file.outputPath === SIGNIN_PAGE_FILE ? { mode: 'write' as const, outputPath: SIGNIN_PAGE_FILE, src: SIGNIN_PAGE_SOURCE } : file))
      },
    },
  }
}
