// What Keystone's CLI (dev, build, start) and the worker load: the CMS built from this process's
// environment. The building itself is config.ts.
import { buildConfig } from './config'

export default buildConfig()
