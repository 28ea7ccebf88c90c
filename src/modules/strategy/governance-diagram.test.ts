import { describe, expect, it } from 'vitest'
import { governanceDiagram, placeInRows, wrap, type DiagramEdge } from './governance-diagram.js'

const body = (key: string) => ({ key, name: key })
const rows = (bodies: string[], edges: DiagramEdge[]) =>
  placeInRows(bodies.map(body), edges).map((r) => r.map((b) => b.key))

describe('placing bodies in rows', () => {
  it('puts a body one row below the lowest body it answers to', () => {
    expect(
      rows(
        ['hwb', 'partnership', 'forum'],
        [
          { from: 'partnership', to: 'hwb', kind: 'reports_to' },
          { from: 'forum', to: 'partnership', kind: 'reports_to' },
        ],
      ),
    ).toEqual([['hwb'], ['partnership'], ['forum']])
  })

  it('puts a peer that answers to no one beside the body it works closely with, with its subgroups below', () => {
    expect(
      rows(
        ['hwb', 'partnership', 'safeguarding', 'safeguarding-subgroups'],
        [
          { from: 'partnership', to: 'hwb', kind: 'reports_to' },
          { from: 'partnership', to: 'safeguarding', kind: 'works_closely_with' },
          { from: 'safeguarding-subgroups', to: 'safeguarding', kind: 'subgroup_of' },
        ],
      ),
    ).toEqual([['hwb'], ['partnership', 'safeguarding'], ['safeguarding-subgroups']])
  })

  it('never moves a body below one that reports to it, even when they also work closely together', () => {
    expect(
      rows(
        ['borough', 'partnership'],
        [
          { from: 'partnership', to: 'borough', kind: 'reports_to' },
          { from: 'partnership', to: 'borough', kind: 'works_closely_with' },
        ],
      ),
    ).toEqual([['borough'], ['partnership']])
  })

  it('survives a reporting cycle', () => {
    expect(
      rows(
        ['a', 'b'],
        [
          { from: 'a', to: 'b', kind: 'reports_to' },
          { from: 'b', to: 'a', kind: 'reports_to' },
        ],
      )
        .flat()
        .sort(),
    ).toEqual(['a', 'b'])
  })
})

describe('the diagram', () => {
  it('is an image with a title and description, and escapes names', () => {
    const svg = governanceDiagram([body('A & B'), body('C')], [{ from: 'C', to: 'A & B', kind: 'reports_to' }], {
      id: 'd1',
      title: 'Title <1>',
      description: 'Desc',
    })
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="d1-title d1-desc"/)
    expect(svg).toContain('<title id="d1-title">Title &#60;1&#62;</title>')
    expect(svg).toContain('A &#38; B')
    expect(svg).toContain('marker-end="url(#d1-arrow)"')
  })

  it('wraps long names at word boundaries', () => {
    expect(wrap('Best Chance for Babies, Children and Young People Delivery Group', 24)).toEqual([
      'Best Chance for Babies,',
      'Children and Young',
      'People Delivery Group',
    ])
  })
})
