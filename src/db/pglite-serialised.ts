/**
 * PGlite is one PostgreSQL session, and Kysely's PGlite driver hands that one connection to every
 * caller at once: a query from another request runs inside whatever transaction is open (and is
 * rolled back with it), and a second transaction overwrites the first's commit and rollback
 * handles. That lost writes when two imports, or an import and a web form, ran together. Here the
 * connection is lent to one caller at a time, as a pool of one would: a transaction holds it until
 * it commits or rolls back, and everything else queues behind it.
 */
import { PGliteDialect, type DatabaseConnection, type Driver, type TransactionSettings } from 'kysely'
import type { PGliteDialectConfig } from 'kysely'

/** Lent to one holder at a time, in the order asked. */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  #release: (() => void) | null = null

  async lock(): Promise<void> {
    const previous = this.#tail
    let release!: () => void
    this.#tail = new Promise((resolve) => (release = resolve))
    await previous
    this.#release = release
  }

  unlock(): void {
    const release = this.#release
    this.#release = null
    release?.()
  }
}

class SerialisedDriver implements Driver {
  readonly #inner: Driver
  readonly #mutex = new Mutex()

  constructor(inner: Driver) {
    this.#inner = inner
  }

  init() {
    return this.#inner.init()
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    try {
      return await this.#inner.acquireConnection()
    } catch (error) {
      this.#mutex.unlock()
      throw error
    }
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.#inner.releaseConnection(connection)
    } finally {
      this.#mutex.unlock()
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    return this.#inner.beginTransaction(connection, settings)
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#inner.commitTransaction(connection)
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#inner.rollbackTransaction(connection)
  }

  savepoint(...args: Parameters<NonNullable<Driver['savepoint']>>) {
    return this.#inner.savepoint!(...args)
  }

  rollbackToSavepoint(...args: Parameters<NonNullable<Driver['rollbackToSavepoint']>>) {
    return this.#inner.rollbackToSavepoint!(...args)
  }

  releaseSavepoint(...args: Parameters<NonNullable<Driver['releaseSavepoint']>>) {
    return this.#inner.releaseSavepoint!(...args)
  }

  destroy() {
    return this.#inner.destroy()
  }
}

export class SerialisedPGliteDialect extends PGliteDialect {
  constructor(config: PGliteDialectConfig) {
    super(config)
  }

  override createDriver(): Driver {
    return new SerialisedDriver(super.createDriver())
  }
}
