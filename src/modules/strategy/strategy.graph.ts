/**
 * A strategy file flattened into the stored shape: nodes (every item, one namespace of ids per
 * strategy) and links between them. Pure: no I/O.
 */
import type { SourceCitation, StrategyFile } from './strategy.schema.js'

export const NodeKind = {
  strategy: 'strategy',
  vision: 'vision',
  pledge: 'pledge',
  outcome: 'outcome',
  intention: 'intention',
  successMeasure: 'success_measure',
  priority: 'priority',
  childrensOutcome: 'childrens_outcome',
  theme: 'theme',
  principle: 'principle',
  lifeCourseStage: 'life_course_stage',
  action: 'action',
  indicator: 'indicator',
  fact: 'fact',
  body: 'body',
  document: 'document',
} as const
export type NodeKind = (typeof NodeKind)[keyof typeof NodeKind]

/** How the "from" item relates to the "to" item. */
export const Relation = {
  serves: 'serves',
  showsSuccessOf: 'shows_success_of',
  inColumn: 'in_column',
  evidences: 'evidences',
  measures: 'measures',
  speaksTo: 'speaks_to',
  inTheme: 'in_theme',
  atStage: 'at_stage',
  hasOutcome: 'has_outcome',
  delivers: 'delivers',
  about: 'about',
  reportsTo: 'reports_to',
  subgroupOf: 'subgroup_of',
  worksCloselyWith: 'works_closely_with',
  deliversFor: 'delivers_for',
  keyDocumentOf: 'key_document_of',
} as const
export type Relation = (typeof Relation)[keyof typeof Relation]

export interface StrategyNode {
  strategyId: string
  id: string
  kind: NodeKind
  parentId: string | null
  number: number | null
  title: string
  text: string | null
  detail: Record<string, unknown>
  source: SourceCitation
  position: number
}

export interface StrategyLink {
  fromId: string
  relation: Relation
  toStrategyId: string
  toId: string
  label: string | null
  /** Where the link was written in the file, for error messages. */
  path: (string | number)[]
  /** Where the "from" end was written, when the file names it explicitly. */
  fromPath?: (string | number)[]
  /** The kinds the target may have. */
  expects: readonly NodeKind[]
}

export interface StrategyGraph {
  strategyId: string
  nodes: StrategyNode[]
  links: StrategyLink[]
  /** Where each node's id was written, for error messages. */
  nodePaths: Map<string, (string | number)[]>
}

/** "id" or "other-strategy:id" → [strategyId, id] */
export function splitRef(ref: string, ownStrategyId: string): [string, string] {
  const at = ref.indexOf(':')
  return at < 0 ? [ownStrategyId, ref] : [ref.slice(0, at), ref.slice(at + 1)]
}

type Path = (string | number)[]
type NewNode = Omit<StrategyNode, 'strategyId' | 'position' | 'parentId' | 'number' | 'text' | 'detail'> &
  Partial<Pick<StrategyNode, 'parentId' | 'number' | 'text' | 'detail'>>

/** Collects a file's nodes in order, its links, and where each was written. */
class GraphBuilder {
  readonly nodes: StrategyNode[] = []
  readonly links: StrategyLink[] = []
  readonly nodePaths = new Map<string, Path>()
  constructor(readonly strategyId: string) {}

  node(path: Path, node: NewNode): void {
    this.nodes.push({
      strategyId: this.strategyId,
      parentId: null,
      number: null,
      text: null,
      detail: {},
      ...node,
      position: this.nodes.length,
    })
    if (!this.nodePaths.has(node.id)) this.nodePaths.set(node.id, [...path, 'id'])
  }

  link(
    fromId: string,
    relation: Relation,
    ref: string,
    path: Path,
    expects: readonly NodeKind[],
    label: string | null = null,
  ): void {
    const [toStrategyId, toId] = splitRef(ref, this.strategyId)
    this.links.push({ fromId, relation, toStrategyId, toId, label, path, expects })
  }

  linkAll(fromId: string, relation: Relation, refs: string[], path: Path, expects: readonly NodeKind[]): void {
    refs.forEach((ref, i) => this.link(fromId, relation, ref, [...path, i], expects))
  }
}

export function buildGraph(file: StrategyFile): StrategyGraph {
  const g = new GraphBuilder(file.id)
  addFramework(g, file)
  addOutcomes(g, file)
  addThemesAndStages(g, file)
  addActionsIndicatorsAndFacts(g, file)
  addGovernance(g, file)
  return { strategyId: g.strategyId, nodes: g.nodes, links: g.links, nodePaths: g.nodePaths }
}

/** The strategy itself, its vision, pledges and priorities. */
function addFramework(g: GraphBuilder, file: StrategyFile): void {
  g.node([], {
    id: g.strategyId,
    kind: NodeKind.strategy,
    title: file.title,
    text: file.subtitle ?? null,
    detail: {
      shortTitle: file.short_title,
      partnership: file.partnership,
      areaCode: file.area_code,
      period: file.period,
      sources: file.sources,
    },
    source: file.source,
  })
  g.node(['vision'], {
    id: 'vision',
    kind: NodeKind.vision,
    title: 'Vision',
    text: file.vision.text,
    source: file.vision.source,
  })
  file.pledges.forEach((p, i) =>
    g.node(['pledges', i], { id: p.id, kind: NodeKind.pledge, title: p.title, text: p.meaning, source: p.source }),
  )
  file.priorities.forEach((p, i) =>
    g.node(['priorities', i], {
      id: p.id,
      kind: NodeKind.priority,
      title: p.title,
      text: p.text ?? null,
      source: p.source,
    }),
  )
}

/** Outcomes with their numbered intentions and success measures, then the children's own outcomes. */
function addOutcomes(g: GraphBuilder, file: StrategyFile): void {
  file.outcomes.forEach((o, i) => {
    g.node(['outcomes', i], {
      id: o.id,
      kind: NodeKind.outcome,
      title: o.title,
      text: o.statement ?? null,
      detail: { shortTitle: o.short_title },
      source: o.source,
    })
    o.intentions.forEach((it, j) => {
      const path = ['outcomes', i, 'intentions', j]
      g.node(path, {
        id: it.id,
        kind: NodeKind.intention,
        parentId: o.id,
        number: it.number,
        title: it.text,
        source: it.source,
      })
      g.linkAll(it.id, Relation.serves, it.priorities, [...path, 'priorities'], [NodeKind.priority])
    })
    o.success_measures.forEach((sm, j) => {
      const path = ['outcomes', i, 'success_measures', j]
      g.node(path, { id: sm.id, kind: NodeKind.successMeasure, parentId: o.id, title: sm.text, source: sm.source })
      g.linkAll(sm.id, Relation.showsSuccessOf, sm.intentions, [...path, 'intentions'], [NodeKind.intention])
    })
  })
  file.childrens_outcomes.forEach((c, i) =>
    g.node(['childrens_outcomes', i], {
      id: c.id,
      kind: NodeKind.childrensOutcome,
      title: c.title,
      text: c.statement,
      source: c.source,
    }),
  )
}

/** A health and wellbeing strategy's themes, principles and life-course stages. */
function addThemesAndStages(g: GraphBuilder, file: StrategyFile): void {
  file.themes.forEach((t, i) => {
    g.node(['themes', i], { id: t.id, kind: NodeKind.theme, title: t.title, text: t.text ?? null, source: t.source })
    g.linkAll(t.id, Relation.hasOutcome, t.outcomes, ['themes', i, 'outcomes'], [NodeKind.outcome])
  })
  file.principles.forEach((p, i) =>
    g.node(['principles', i], {
      id: p.id,
      kind: NodeKind.principle,
      title: p.title,
      text: p.text ?? null,
      source: p.source,
    }),
  )
  file.life_course_stages.forEach((s, i) =>
    g.node(['life_course_stages', i], {
      id: s.id,
      kind: NodeKind.lifeCourseStage,
      title: s.title,
      text: s.text ?? null,
      source: s.source,
    }),
  )
}

function addActionsIndicatorsAndFacts(g: GraphBuilder, file: StrategyFile): void {
  file.actions.forEach((a, i) => {
    const path = ['actions', i]
    g.node(path, { id: a.id, kind: NodeKind.action, title: a.text, source: a.source })
    if (a.priority) g.link(a.id, Relation.delivers, a.priority, [...path, 'priority'], [NodeKind.priority])
    if (a.outcome) g.link(a.id, Relation.delivers, a.outcome, [...path, 'outcome'], [NodeKind.outcome])
    if (a.theme) g.link(a.id, Relation.delivers, a.theme, [...path, 'theme'], [NodeKind.theme])
  })
  file.indicators.forEach((ind, i) => {
    const path = ['indicators', i]
    g.node(path, {
      id: ind.id,
      kind: NodeKind.indicator,
      title: ind.title,
      text: ind.framework_text ?? null,
      source: ind.source,
    })
    if (ind.outcome) g.link(ind.id, Relation.inColumn, ind.outcome, [...path, 'outcome'], [NodeKind.outcome])
    if (ind.theme) g.link(ind.id, Relation.inTheme, ind.theme, [...path, 'theme'], [NodeKind.theme])
    if (ind.life_course_stage)
      g.link(
        ind.id,
        Relation.atStage,
        ind.life_course_stage,
        [...path, 'life_course_stage'],
        [NodeKind.lifeCourseStage],
      )
    g.linkAll(ind.id, Relation.evidences, ind.intentions, [...path, 'intentions'], [NodeKind.intention])
    g.linkAll(ind.id, Relation.measures, ind.success_measures, [...path, 'success_measures'], [NodeKind.successMeasure])
    g.linkAll(ind.id, Relation.serves, ind.priorities, [...path, 'priorities'], [NodeKind.priority])
    g.linkAll(
      ind.id,
      Relation.speaksTo,
      ind.childrens_outcomes,
      [...path, 'childrens_outcomes'],
      [NodeKind.childrensOutcome],
    )
  })
  file.facts.forEach((f, i) => {
    g.node(['facts', i], { id: f.id, kind: NodeKind.fact, title: f.text, source: f.source })
    g.linkAll(f.id, Relation.about, f.topics, ['facts', i, 'topics'], Object.values(NodeKind))
  })
}

/** Boards and groups, how they report to each other, and their key documents. */
function addGovernance(g: GraphBuilder, file: StrategyFile): void {
  file.governance.bodies.forEach((b, i) =>
    g.node(['governance', 'bodies', i], {
      id: b.id,
      kind: NodeKind.body,
      title: b.name,
      text: b.description ?? null,
      detail: {
        bodyKind: b.kind,
        ...(b.min_meetings_per_year ? { minMeetingsPerYear: b.min_meetings_per_year } : {}),
        ...(b.count ? { count: b.count } : {}),
      },
      source: b.source,
    }),
  )
  file.governance.relationships.forEach((r, i) => {
    const path = ['governance', 'relationships', i]
    const [fromStrategy, fromId] = splitRef(r.from, g.strategyId)
    // A relationship is stored on its "from" body; it must be this strategy's own body.
    g.links.push({
      fromId: fromStrategy === g.strategyId ? fromId : r.from,
      relation: r.kind,
      ...toParts(r.to, g.strategyId),
      label: r.label ?? null,
      path: [...path, 'to'],
      fromPath: [...path, 'from'],
      expects: [NodeKind.body],
    })
  })
  file.documents.forEach((d, i) => {
    g.node(['documents', i], { id: d.id, kind: NodeKind.document, title: d.title, source: d.source })
    if (d.body) g.link(d.id, Relation.keyDocumentOf, d.body, ['documents', i, 'body'], [NodeKind.body])
  })
}

function toParts(ref: string, strategyId: string) {
  const [toStrategyId, toId] = splitRef(ref, strategyId)
  return { toStrategyId, toId }
}
