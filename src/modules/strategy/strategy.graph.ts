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

export function buildGraph(file: StrategyFile): StrategyGraph {
  const strategyId = file.id
  const nodes: StrategyNode[] = []
  const links: StrategyLink[] = []
  const nodePaths = new Map<string, (string | number)[]>()

  const addNode = (
    path: (string | number)[],
    node: Omit<StrategyNode, 'strategyId' | 'position' | 'parentId' | 'number' | 'text' | 'detail'> &
      Partial<Pick<StrategyNode, 'parentId' | 'number' | 'text' | 'detail'>>,
  ) => {
    nodes.push({
      strategyId,
      parentId: null,
      number: null,
      text: null,
      detail: {},
      ...node,
      position: nodes.length,
    })
    if (!nodePaths.has(node.id)) nodePaths.set(node.id, [...path, 'id'])
  }
  const link = (
    fromId: string,
    relation: Relation,
    ref: string,
    path: (string | number)[],
    expects: readonly NodeKind[],
    label: string | null = null,
  ) => {
    const [toStrategyId, toId] = splitRef(ref, strategyId)
    links.push({ fromId, relation, toStrategyId, toId, label, path, expects })
  }
  const linkAll = (
    fromId: string,
    relation: Relation,
    refs: string[],
    path: (string | number)[],
    expects: readonly NodeKind[],
  ) => refs.forEach((ref, i) => link(fromId, relation, ref, [...path, i], expects))

  addNode([], {
    id: strategyId,
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
  addNode(['vision'], { id: 'vision', kind: NodeKind.vision, title: 'Vision', text: file.vision.text, source: file.vision.source })

  file.pledges.forEach((p, i) =>
    addNode(['pledges', i], { id: p.id, kind: NodeKind.pledge, title: p.title, text: p.meaning, source: p.source }),
  )
  file.priorities.forEach((p, i) =>
    addNode(['priorities', i], { id: p.id, kind: NodeKind.priority, title: p.title, text: p.text ?? null, source: p.source }),
  )
  file.outcomes.forEach((o, i) => {
    addNode(['outcomes', i], {
      id: o.id,
      kind: NodeKind.outcome,
      title: o.title,
      text: o.statement ?? null,
      detail: { shortTitle: o.short_title },
      source: o.source,
    })
    o.intentions.forEach((it, j) => {
      const path = ['outcomes', i, 'intentions', j]
      addNode(path, { id: it.id, kind: NodeKind.intention, parentId: o.id, number: it.number, title: it.text, source: it.source })
      linkAll(it.id, Relation.serves, it.priorities, [...path, 'priorities'], [NodeKind.priority])
    })
    o.success_measures.forEach((sm, j) => {
      const path = ['outcomes', i, 'success_measures', j]
      addNode(path, { id: sm.id, kind: NodeKind.successMeasure, parentId: o.id, title: sm.text, source: sm.source })
      linkAll(sm.id, Relation.showsSuccessOf, sm.intentions, [...path, 'intentions'], [NodeKind.intention])
    })
  })
  file.childrens_outcomes.forEach((c, i) =>
    addNode(['childrens_outcomes', i], {
      id: c.id,
      kind: NodeKind.childrensOutcome,
      title: c.title,
      text: c.statement,
      source: c.source,
    }),
  )
  file.themes.forEach((t, i) => {
    addNode(['themes', i], { id: t.id, kind: NodeKind.theme, title: t.title, text: t.text ?? null, source: t.source })
    linkAll(t.id, Relation.hasOutcome, t.outcomes, ['themes', i, 'outcomes'], [NodeKind.outcome])
  })
  file.principles.forEach((p, i) =>
    addNode(['principles', i], { id: p.id, kind: NodeKind.principle, title: p.title, text: p.text ?? null, source: p.source }),
  )
  file.life_course_stages.forEach((s, i) =>
    addNode(['life_course_stages', i], {
      id: s.id,
      kind: NodeKind.lifeCourseStage,
      title: s.title,
      text: s.text ?? null,
      source: s.source,
    }),
  )
  file.actions.forEach((a, i) => {
    const path = ['actions', i]
    addNode(path, { id: a.id, kind: NodeKind.action, title: a.text, source: a.source })
    if (a.priority) link(a.id, Relation.delivers, a.priority, [...path, 'priority'], [NodeKind.priority])
    if (a.outcome) link(a.id, Relation.delivers, a.outcome, [...path, 'outcome'], [NodeKind.outcome])
    if (a.theme) link(a.id, Relation.delivers, a.theme, [...path, 'theme'], [NodeKind.theme])
  })
  file.indicators.forEach((ind, i) => {
    const path = ['indicators', i]
    addNode(path, {
      id: ind.id,
      kind: NodeKind.indicator,
      title: ind.title,
      text: ind.framework_text ?? null,
      source: ind.source,
    })
    if (ind.outcome) link(ind.id, Relation.inColumn, ind.outcome, [...path, 'outcome'], [NodeKind.outcome])
    if (ind.theme) link(ind.id, Relation.inTheme, ind.theme, [...path, 'theme'], [NodeKind.theme])
    if (ind.life_course_stage)
      link(ind.id, Relation.atStage, ind.life_course_stage, [...path, 'life_course_stage'], [NodeKind.lifeCourseStage])
    linkAll(ind.id, Relation.evidences, ind.intentions, [...path, 'intentions'], [NodeKind.intention])
    linkAll(ind.id, Relation.measures, ind.success_measures, [...path, 'success_measures'], [NodeKind.successMeasure])
    linkAll(ind.id, Relation.serves, ind.priorities, [...path, 'priorities'], [NodeKind.priority])
    linkAll(ind.id, Relation.speaksTo, ind.childrens_outcomes, [...path, 'childrens_outcomes'], [NodeKind.childrensOutcome])
  })
  file.facts.forEach((f, i) => {
    addNode(['facts', i], { id: f.id, kind: NodeKind.fact, title: f.text, source: f.source })
    linkAll(f.id, Relation.about, f.topics, ['facts', i, 'topics'], Object.values(NodeKind))
  })
  file.governance.bodies.forEach((b, i) =>
    addNode(['governance', 'bodies', i], {
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
    const [fromStrategy, fromId] = splitRef(r.from, strategyId)
    // A relationship is stored on its "from" body; it must be this strategy's own body.
    links.push({
      fromId: fromStrategy === strategyId ? fromId : r.from,
      relation: r.kind,
      ...toParts(r.to, strategyId),
      label: r.label ?? null,
      path: [...path, 'to'],
      fromPath: [...path, 'from'],
      expects: [NodeKind.body],
    })
  })
  file.documents.forEach((d, i) => {
    addNode(['documents', i], { id: d.id, kind: NodeKind.document, title: d.title, source: d.source })
    if (d.body) link(d.id, Relation.keyDocumentOf, d.body, ['documents', i, 'body'], [NodeKind.body])
  })
  return { strategyId, nodes, links, nodePaths }
}

function toParts(ref: string, strategyId: string) {
  const [toStrategyId, toId] = splitRef(ref, strategyId)
  return { toStrategyId, toId }
}
