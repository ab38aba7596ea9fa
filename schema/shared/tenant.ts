// The tenant boundary, one rule for every list that belongs to an organization:
//   1. a row keeps its organization for life (`organizationField`);
//   2. every row a caller connects to it, or creates through it, belongs to the same organization
//      (`sameOrganization`, one wrapper per relationship field);
//   3. back-relations from Organization are read-only, so rows cannot be moved through them (`backRelation`).
// Enforced in field access functions, so every write path (GraphQL, the Admin UI, context.db) obeys it;
// only sudo contexts (the system's own code) skip it. tests/security/tenant-boundary.test.ts walks every
// organization-owned list and relationship and fails when one is not protected.
import { relationship } from '@keystone-6/core/fields'
import type { KeystoneContext } from '@keystone-6/core/types'
import { typedError } from './errors'
import { perRequest } from './request-cache'

type RelationshipConfig = Parameters<typeof relationship>[0]
type FieldAccessArgs = {
  context: KeystoneContext<any>
  session?: unknown
  listKey: string
  fieldKey: string
  operation: 'create' | 'update'
  inputData: Record<string, any>
  item?: Record<string, any>
}
type WriteRule = (args: FieldAccessArgs) => boolean | Promise<boolean>

// --- the organization of the item being written ------------------------------------------------

/** The organization the item belongs to: on create the one it is given, on update the one it has. */
function organizationOfItem({ listKey, operation, inputData, item }: FieldAccessArgs): string | null | undefined {
  if (listKey === 'Organization') return operation === 'update' ? String(item!.id) : undefined
  if (operation === 'update') return (item?.organizationId as string | null | undefined) ?? null
  const given = inputData.organization
  if (given === undefined || given === null) return null
  return given.connect?.id ?? undefined // a nested create or another where: unknown, refused below
}

// --- the organizations of the rows a caller points at ------------------------------------------

type Target = { ref: string; shared: boolean }

/** Whether the row that `where` names belongs to `organizationId` (shared rows count as everyone's). */
async function rowBelongs(context: KeystoneContext<any>, target: Target, where: Record<string, unknown>, organizationId: string) {
  const key = `tenant:${target.ref}:${JSON.stringify(where)}:${organizationId}`
  return perRequest(context, key, async () => {
    const sudo = context.sudo() // only when asked: a sudo context is built anew each time
    const row = await sudo.db[target.ref].findOne({ where }).catch(() => null)
    if (!row) return false
    if (target.ref === 'Organization') return String(row.id) === organizationId
    if (target.ref === 'User') return userTiedTo(sudo, String(row.id), organizationId)
    const owner = row.organizationId as string | null | undefined
    if (owner === undefined) throw new Error(`sameOrganization: list ${target.ref} has no organization field; give it organizationField()`)
    return owner === organizationId || (owner === null && target.shared)
  })
}

/** A user belongs to an organization through an employment or a residence there. */
async function userTiedTo(sudo: KeystoneContext<any>, userId: string, organizationId: string) {
  const where = { user: { id: { equals: userId } }, organization: { id: { equals: organizationId } } }
  if ((await sudo.db.OrganizationEmployee.count({ where })) > 0) return true
  return (await sudo.db.Resident.count({ where })) > 0
}

/** The connect/set wheres and nested creates of a relationship input, to-one or to-many alike. */
function pointedAt(input: any): { wheres: Record<string, unknown>[]; creates: Record<string, any>[] } {
  if (!input || typeof input !== 'object') return { wheres: [], creates: [] }
  const list = (value: unknown) => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value])
  return { wheres: [...list(input.connect), ...list(input.set)], creates: list(input.create) }
}

function crossOrganization(target: Target) {
  // the same answer for a row that does not exist: the refusal must not tell whether an id exists
  return typedError(
    'CROSS_ORGANIZATION_REFERENCE',
    `The ${target.ref} to link does not exist or belongs to another organization; link rows of the same organization only`
  )
}

function sameOrganizationRule(target: Target): WriteRule {
  return async args => {
    const input = args.inputData[args.fieldKey]
    const { wheres, creates } = pointedAt(input)
    if (wheres.length === 0 && creates.length === 0) return true // disconnects and clears stay inside anyway
    const organizationId = organizationOfItem(args)
    // a row without an organization is the platform's (only admins and the system write those)
    if (organizationId === null) return true
    if (organizationId === undefined) throw crossOrganization(target)
    for (const data of creates) {
      // a nested create is checked by its own list's access; here only where it would land
      if (target.ref === 'User' || data?.organization?.connect?.id !== organizationId) throw crossOrganization(target)
    }
    for (const where of wheres) {
      if (!(await rowBelongs(args.context, target, where, organizationId))) throw crossOrganization(target)
    }
    return true
  }
}

// --- composing with a field's own access ---------------------------------------------------------

function andWrite(own: unknown, rule: WriteRule): WriteRule {
  if (own === undefined) return rule
  if (typeof own !== 'function') throw new Error('tenant rule: give field write access as a function')
  return async args => (await (own as WriteRule)(args)) && rule(args)
}

function withWriteRule(config: RelationshipConfig, rule: WriteRule): RelationshipConfig {
  const access = config.access as any
  if (typeof access === 'function') {
    return { ...config, access: { read: access, create: andWrite(access, rule), update: andWrite(access, rule) } } as RelationshipConfig
  }
  return {
    ...config,
    access: { ...access, create: andWrite(access?.create, rule), update: andWrite(access?.update, rule) },
  } as RelationshipConfig
}

function targetOf(config: RelationshipConfig, shared = false): Target {
  return { ref: String(config.ref).split('.')[0], shared }
}

// --- the three helpers lists use ---------------------------------------------------------------------

/**
 * The `organization` of an organization-owned list. Required on create unless `optional` (rows without
 * one are the platform's: system messages, built-in roles), and never changed afterwards: a row moved
 * between organizations would take everything it links along across the boundary.
 */
export function organizationField(options: { ref?: string; optional?: boolean; ui?: Record<string, unknown> } = {}) {
  const immutable: WriteRule = args => {
    throw typedError('ORGANIZATION_IMMUTABLE', `A ${args.listKey} never changes its organization; create it again in the other organization`)
  }
  return relationship({
    ref: options.ref ?? 'Organization',
    many: false,
    access: { update: immutable } as any,
    ui: { itemView: { fieldMode: 'read' as const }, ...options.ui } as any,
    hooks: {
      validate: {
        create: ({ resolvedData, listKey }: any) => {
          if (!options.optional && !resolvedData.organization?.connect?.id) {
            throw typedError('ORGANIZATION_REQUIRED', `A ${listKey} needs an organization`)
          }
        },
      },
    },
  })
}

/**
 * A relationship of an organization-owned list (or of Organization itself): whatever a caller connects
 * or creates through it must belong to the item's organization. `shared`: rows without an organization
 * (built-in contact roles) may be linked from any organization. Users belong to the organizations that
 * employ them or where they are residents.
 */
export function sameOrganization(config: RelationshipConfig, options: { shared?: boolean } = {}): RelationshipConfig {
  return withWriteRule(config, sameOrganizationRule(targetOf(config, options.shared)))
}

/** A back-relation (Organization.properties): read-only, rows are linked from their own side. */
export function backRelation(config: RelationshipConfig): RelationshipConfig {
  const readOnly: WriteRule = args => {
    if (args.inputData[args.fieldKey] === undefined) return true
    throw typedError('BACK_RELATION_READ_ONLY', `${args.listKey}.${args.fieldKey} is read-only; set the relationship on the ${targetOf(config).ref} instead`)
  }
  return {
    ...withWriteRule(config, readOnly),
    ui: { createView: { fieldMode: 'hidden' }, itemView: { fieldMode: 'read' }, ...config.ui },
  } as RelationshipConfig
}
