import { describe, expect, it } from 'vitest'
import { commandHelp, version } from './help.js'
import { commandNames, usage } from './index.js'

describe('command help', () => {
  it('has its own usage lines for every command', () => {
    for (const name of commandNames) {
      const help = commandHelp(usage, name)
      expect(help, name).not.toBeNull()
      expect(help!.split('\n')[1], name).toMatch(new RegExp(`^ {2}${name} `))
    }
  })

  it('keeps a command’s continuation lines and no other command’s', () => {
    const help = commandHelp(usage, 'import')!
    expect(help).toContain('--valid-rows-only')
    expect(help).toContain('or the one --sheet names')
    expect(help).not.toContain('import-risks')
    expect(commandHelp(usage, 'no-such-command')).toBeNull()
  })

  it('names the release', () => {
    expect(version()).toMatch(/^best-chance \d+\.\d+\.\d+$/)
  })
})
