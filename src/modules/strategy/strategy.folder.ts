/** Reads strategy files from disk for the loader. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { StrategySource } from './strategy.loader.js'

export function readStrategyFiles(paths: string[]): StrategySource[] {
  return paths.map((p) => ({ name: path.relative(process.cwd(), p) || p, text: readFileSync(p, 'utf8') }))
}

export function strategyFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name))
}
