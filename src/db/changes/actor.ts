/**
 * Who made a change. Every write names one: a signed-in person on the web, a command-line user, an
 * import of a file, or the system itself (start-up loads). `key` is the stable text kept in the
 * audit trail's `actor` column (and in `created_by` columns); the rest is kept as data, so pages
 * show names and organisations without reading them back out of the key.
 */
export type ActorChannel = 'web' | 'cli' | 'import' | 'system'

export interface Actor {
  channel: ActorChannel
  key: string
  /** Words to show: a person's name, a file's name or the command's user. */
  name: string
  userId: string | null
  organisationId: string | null
}

/** The signed-in person, as the session knows them. */
export interface ActingUser {
  id: string
  email: string
  displayName: string
  organisationId: string | null
}

export function webActor(user: ActingUser): Actor {
  return {
    channel: 'web',
    key: `user:${user.id} ${user.email}`,
    name: user.displayName,
    userId: user.id,
    organisationId: user.organisationId,
  }
}

export function cliActor(name: string): Actor {
  return { channel: 'cli', key: `cli:${name}`, name, userId: null, organisationId: null }
}

export function importActor(fileName: string): Actor {
  return { channel: 'import', key: `import:${fileName}`, name: fileName, userId: null, organisationId: null }
}

export function systemActor(name: string): Actor {
  return { channel: 'system', key: `system:${name}`, name, userId: null, organisationId: null }
}

const channels: readonly ActorChannel[] = ['web', 'cli', 'import', 'system']

/**
 * An actor given as its key alone (command-line flags, tests, older call sites): the channel is the
 * key's prefix when it names one, else the key is a system actor's name. Never a user: a person
 * acting on the web is always passed as a user.
 */
export function actorFromKey(key: string): Actor {
  const colon = key.indexOf(':')
  const prefix = colon > 0 ? key.slice(0, colon) : ''
  const channel = (channels as readonly string[]).includes(prefix) ? (prefix as ActorChannel) : 'system'
  const name = channel === 'system' && prefix !== 'system' ? key : key.slice(colon + 1)
  return { channel, key, name, userId: null, organisationId: null }
}

/** An actor, a signed-in user or a key, as an actor. */
export function asActor(who: Actor | ActingUser | string): Actor {
  if (typeof who === 'string') return actorFromKey(who)
  if ('channel' in who) return who
  return webActor(who)
}
