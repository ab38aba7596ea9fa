// globalSetup of the browser project (jest.config.js): the usual database setup, then the production
// build of the Admin UI the journeys serve (only when its inputs changed since the last build).
import globalSetup from './global-setup'
import { ensureAdminBuild } from '../browser/admin-build'

export default async function browserSetup() {
  await globalSetup()
  ensureAdminBuild(line => console.log(`\n${line}`))
}
