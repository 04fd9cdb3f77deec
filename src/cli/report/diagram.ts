import type { DependencyGraph, GraphNode, StepNode } from '../../machine/graph.js';
import type { Status } from '../../machine/selectors.js';
import { shortDate } from '../../machine/dates.js';
import type { Lang } from '../../machine/procedure-schema.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { visible } from '../../i18n/visible.js';

/**
 * The dependency graph as Mermaid (`flowchart`) and Graphviz DOT (`digraph`). Both draw the same graph
 * (src/machine/graph.ts): one box per step instance coloured by its status and naming it in words too (a
 * printout in black and white still says it), per-terminal steps in one cluster per PC, either-or needs
 * through a small "or" junction, the critical path's edges thick and red. Node ids are the graph's ASCII refs
 * (`s12`, `j0`), never a step key: a terminal may be called 端末1 or hold quotes and brackets. Every label is
 * escaped for its syntax.
 */

/** Fill, border and text colour per status; skipped steps are not drawn (see graph.ts). Shared with the HTML report. */
export const STATUS_COLOURS: Record<Status, { fill: string; stroke: string; text: string }> = {
  done: { fill: '#dcf1dc', stroke: '#2e7d32', text: '#14331a' },
  ready: { fill: '#dbe8ff', stroke: '#1f5fbf', text: '#0d2a57' },
  blocked: { fill: '#ececec', stroke: '#8a8a8a', text: '#333333' },
  waiting: { fill: '#fff2bf', stroke: '#a67c00', text: '#3d2e00' },
  overdue: { fill: '#ffdcc0', stroke: '#d35400', text: '#4a1d00' },
  failed: { fill: '#ffd3d3', stroke: '#c62828', text: '#4d0b0b' },
  skipped: { fill: '#f7f7f7', stroke: '#bbbbbb', text: '#777777' },
};
/** The critical path's colour. */
export const CRITICAL_COLOUR = '#d00000';
const EDGE_COLOUR = '#7a7a7a';

export interface DiagramWords {
  t: Translate;
  lang: Lang;
  today: string;
}

/** The label of a step: its short title, then its status (with the expected date of a wait, the deadline of an open step). */
export function nodeLines(node: StepNode, words: DiagramWords, expectedBy: string | null, deadline: string | null): [string, string] {
  const { t, today } = words;
  let status = t(`status.${node.status}` as MessageKey);
  if (node.status === 'waiting' && expectedBy) status = t('report.graph.expected', { status, date: shortDate(expectedBy, today) });
  else if (node.status === 'overdue' && expectedBy) status = t('report.graph.overdue', { status, date: shortDate(expectedBy, today) });
  else if (deadline && node.status !== 'done') status = t('report.graph.deadline', { status, date: shortDate(deadline, today) });
  return [visible(node.step.short[words.lang]), status];
}

/** Facts a label needs beyond the graph (a wait's expected day, a deadline), by instance key. */
export type NodeDates = ReadonlyMap<string, { expectedBy: string | null; deadline: string | null }>;

function linesOf(node: StepNode, words: DiagramWords, dates: NodeDates): [string, string] {
  const d = dates.get(node.key);
  return nodeLines(node, words, d?.expectedBy ?? null, d?.deadline ?? null);
}

/** Steps outside any terminal first, then each terminal's, for the clusters. */
function byTerminal(graph: DependencyGraph): { outside: GraphNode[]; clusters: { terminal: string; nodes: GraphNode[] }[] } {
  // A junction sits with the step that needs it (graph.ts gives it that step's terminal).
  const all: GraphNode[] = [...graph.nodes, ...graph.junctions];
  return {
    outside: all.filter((n) => n.terminal === null),
    clusters: graph.terminals.map((terminal) => ({ terminal, nodes: all.filter((n) => n.terminal === terminal) })),
  };
}

function refOf(graph: DependencyGraph): (key: string) => string {
  const refs = new Map<string, string>([...graph.nodes, ...graph.junctions].map((n) => [n.key, n.ref]));
  return (key) => refs.get(key)!;
}

// ---------------------------------------------------------------- Mermaid

/**
 * Text inside a Mermaid `"…"` label. Mermaid decodes `#name;` and `#123;` entity codes itself, so every
 * character that could end the string, open HTML (labels are HTML) or start an entity is written as one.
 */
export function mermaidText(text: string): string {
  return visible(text).replace(/[#"&<>`\\]/g, (ch) => `#${ch.codePointAt(0)};`);
}

/** `flowchart LR` of the graph. */
export function toMermaid(graph: DependencyGraph, words: DiagramWords, dates: NodeDates): string {
  const { t } = words;
  const ref = refOf(graph);
  const out: string[] = ['flowchart LR'];
  const nodeLine = (n: GraphNode, indent: string) => {
    if (n.kind === 'or') return `${indent}${n.ref}(("${mermaidText(t('report.graph.or'))}"))`;
    const [title, status] = linesOf(n, words, dates);
    return `${indent}${n.ref}["${mermaidText(title)}<br/><small>${mermaidText(status)}</small>"]`;
  };
  const { outside, clusters } = byTerminal(graph);
  for (const n of outside) out.push(nodeLine(n, '  '));
  clusters.forEach(({ terminal, nodes }, i) => {
    out.push(`  subgraph t${i}["${mermaidText(t('report.graph.terminal', { terminal }))}"]`);
    for (const n of nodes) out.push(nodeLine(n, '    '));
    out.push('  end');
  });
  const criticalEdges: number[] = [];
  graph.edges.forEach((e, i) => {
    out.push(`  ${ref(e.from)} ${e.critical ? '==>' : '-->'} ${ref(e.to)}`);
    if (e.critical) criticalEdges.push(i);
  });
  for (const [status, c] of Object.entries(STATUS_COLOURS)) {
    if (status !== 'skipped') out.push(`  classDef ${status} fill:${c.fill},stroke:${c.stroke},color:${c.text}`);
  }
  out.push('  classDef or fill:#ffffff,stroke:#555555,color:#333333,font-size:10px');
  out.push(`  classDef critical stroke:${CRITICAL_COLOUR},stroke-width:3px`);
  out.push('  classDef optional stroke-dasharray:5 3');
  const classes = new Map<string, string[]>();
  const add = (name: string, nodeRef: string) => classes.set(name, [...(classes.get(name) ?? []), nodeRef]);
  for (const n of graph.nodes) {
    add(n.status, n.ref);
    if (n.step.optional) add('optional', n.ref);
  }
  for (const j of graph.junctions) add('or', j.ref);
  // Last, so the critical border wins over the status's.
  for (const n of [...graph.nodes, ...graph.junctions]) if (n.critical) add('critical', n.ref);
  for (const [name, refs] of classes) out.push(`  class ${refs.join(',')} ${name}`);
  if (graph.edges.length > 0) out.push(`  linkStyle default stroke:${EDGE_COLOUR}`);
  if (criticalEdges.length > 0) out.push(`  linkStyle ${criticalEdges.join(',')} stroke:${CRITICAL_COLOUR},stroke-width:3px`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- DOT

/** A DOT double-quoted string's content: quotes and backslashes escaped (a backslash would start `\n`, `\N`, `\G`…). */
export function dotText(text: string): string {
  return visible(text).replace(/[\\"]/g, (ch) => `\\${ch}`);
}

export interface DotOptions {
  /** `LR` (wide: screens) or `TB` (tall: an A4 page). */
  rankdir?: 'LR' | 'TB';
  /** A title drawn above the graph. */
  title?: string;
}

const FONT_SIZE = 10;

/**
 * The least width of a box (inches) that holds its lines. Graphviz sizes boxes from font metrics; the
 * WebAssembly build has none for Japanese and guesses too narrow, so text ran over the border. A wide (CJK,
 * full-width) character counts one em, any other about 0.6; with the node's margins on both sides.
 */
function minWidth(lines: readonly string[], fontSize: number): string {
  const ems = Math.max(...lines.map((l) => [...l].reduce((sum, ch) => sum + (isWide(ch) ? 1 : 0.6), 0)));
  return ((ems * fontSize) / 72 + 2 * 0.12 + 0.05).toFixed(2);
}

function isWide(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x20000;
}

/** `digraph` of the graph, for `dot -Tsvg` and for @viz-js/viz. */
export function toDot(graph: DependencyGraph, words: DiagramWords, dates: NodeDates, options: DotOptions = {}): string {
  const { t } = words;
  const ref = refOf(graph);
  const font = 'sans-serif';
  const out: string[] = ['digraph onboarding {'];
  const title = options.title ? `, label="${dotText(options.title)}", labelloc=t, fontsize=14` : '';
  out.push(`  graph [rankdir=${options.rankdir ?? 'LR'}, fontname="${font}", nodesep=0.25, ranksep=0.45${title}];`);
  out.push(`  node [shape=box, style="rounded,filled", fontname="${font}", fontsize=${FONT_SIZE}, margin="0.12,0.05"];`);
  out.push(`  edge [color="${EDGE_COLOUR}", arrowsize=0.6];`);
  const nodeLine = (n: GraphNode, indent: string) => {
    if (n.kind === 'or') {
      const border = n.critical ? `, color="${CRITICAL_COLOUR}", penwidth=2` : ', color="#555555"';
      return `${indent}${n.ref} [shape=circle, style=filled, fillcolor="#ffffff", fontsize=8, width=0.3, margin=0.02, label="${dotText(t('report.graph.or'))}"${border}];`;
    }
    const [title, status] = linesOf(n, words, dates);
    const c = STATUS_COLOURS[n.status];
    const style = n.step.optional ? ', style="rounded,filled,dashed"' : '';
    const border = n.critical ? `color="${CRITICAL_COLOUR}", penwidth=2.5` : `color="${c.stroke}"`;
    const width = minWidth([title, status], FONT_SIZE);
    return `${indent}${n.ref} [label="${dotText(title)}\\n${dotText(status)}", width=${width}, fillcolor="${c.fill}", fontcolor="${c.text}", ${border}${style}];`;
  };
  const { outside, clusters } = byTerminal(graph);
  for (const n of outside) out.push(nodeLine(n, '  '));
  clusters.forEach(({ terminal, nodes }, i) => {
    out.push(`  subgraph cluster_t${i} {`);
    out.push(`    label="${dotText(t('report.graph.terminal', { terminal }))}"; style="rounded,dashed"; color="#888888"; fontname="${font}"; fontsize=11;`);
    for (const n of nodes) out.push(nodeLine(n, '    '));
    out.push('  }');
  });
  for (const e of graph.edges) {
    const attrs = e.critical ? ` [color="${CRITICAL_COLOUR}", penwidth=3, class="critical"]` : '';
    out.push(`  ${ref(e.from)} -> ${ref(e.to)}${attrs};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
