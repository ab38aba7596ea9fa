export { StoredFile } from './stored-file'
export * from './store'
export * from './signed-link'
export * from './kinds'
