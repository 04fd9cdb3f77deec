import { effectiveNeeds, type Plan } from './plan.js';
import { Selector, type Status } from './selectors.js';
import type { OnboardingSnapshot } from './build-machine.js';
import type { Step } from './procedure-schema.js';
import type { HolidayCalendar } from './hours.js';

/**
 * The dependency graph of one facility's onboarding, for the diagrams (Mermaid, DOT) and the report. Derived
 * from the plan's effective needs only — the one source the machine's guards and the explanations read too —
 * so a diagram cannot disagree with what the program allows. Pure and without words: the exporters put the
 * step titles and status words in.
 *
 * - One node per step instance that applies to the profile (a per-terminal step once per terminal). Steps the
 *   profile makes unnecessary are left out: their needs count as met, so they gate nothing, and drawing them
 *   would show dependencies that do not hold (`status` says why they are skipped).
 * - A plain need is an edge need → dependent. An either-or need is drawn through a small junction node:
 *   each alternative → junction → dependent, so "one of these is enough" is visible.
 * - Critical path: instances named by the forecast's critical path (by instance key) are marked, and so are
 *   the edges that join two neighbours of that path.
 */

/** A step instance in the graph. */
export interface StepNode {
  kind: 'step';
  /** The instance key (`client-cert@端末1`): the identity shared with the plan, the forecast and the selectors. */
  key: string;
  /** A short id safe in both Mermaid and DOT (`s12`): ASCII letters and digits only, whatever the terminal is called. */
  ref: string;
  id: string;
  terminal: string | null;
  status: Status;
  step: Step;
  /** On the forecast's critical path. */
  critical: boolean;
}

/** The junction of an either-or need: its alternatives lead into it, it leads to the step that needs one of them. */
export interface OrNode {
  kind: 'or';
  /** `or:<dependent key>:<index of the need>`. */
  key: string;
  ref: string;
  /** The terminal of the step that needs it (a junction is drawn in its dependent's cluster). */
  terminal: string | null;
  /** The alternatives (instance keys). */
  alternatives: string[];
  /** The step that needs one of them. */
  dependent: string;
  /** At least one alternative is done. */
  met: boolean;
  critical: boolean;
}

export type GraphNode = StepNode | OrNode;

/** An edge from what is needed to what needs it. */
export interface GraphEdge {
  /** Node keys. */
  from: string;
  to: string;
  /** The need is met (its step is done, or for an edge out of a junction, one alternative is). */
  met: boolean;
  critical: boolean;
}

export interface DependencyGraph {
  /** Step nodes in the procedure's order, junctions after the steps. */
  nodes: StepNode[];
  junctions: OrNode[];
  edges: GraphEdge[];
  /** The terminals that have at least one node, in the profile's order (one cluster each). */
  terminals: string[];
}

export interface GraphOptions {
  today: string;
  /** Japan's national holidays (the selectors count mail windows in business days). */
  holidays: HolidayCalendar;
  /** The critical path's instance keys (the forecast's `criticalPath`), in path order. */
  criticalPath?: readonly { key: string }[];
}

/** The dependency graph of an onboarding on `today`. */
export function dependencyGraph(plan: Plan, snapshot: OnboardingSnapshot, options: GraphOptions): DependencyGraph {
  const selector = new Selector(plan, snapshot, { today: options.today, holidays: options.holidays });
  const critical = criticalLinks(plan, (options.criticalPath ?? []).map((c) => c.key));
  const nodes: StepNode[] = [];
  const junctions: OrNode[] = [];
  const edges: GraphEdge[] = [];
  const applying = plan.instances.filter((i) => i.applies);
  const index = new Map(applying.map((i, n) => [i.key, n]));
  const isDone = (key: string) => selector.evaluate(key).status === 'done';

  for (const instance of applying) {
    nodes.push({
      kind: 'step',
      key: instance.key,
      ref: `s${index.get(instance.key)}`,
      id: instance.step.id,
      terminal: instance.terminal,
      status: selector.evaluate(instance.key).status,
      step: instance.step,
      critical: critical.nodes.has(instance.key),
    });
  }
  for (const instance of applying) {
    effectiveNeeds(plan, instance).forEach((need, n) => {
      if (need.kind === 'all') {
        edges.push({ from: need.key, to: instance.key, met: isDone(need.key), critical: critical.has(need.key, instance.key) });
        return;
      }
      const key = `or:${instance.key}:${n}`;
      const met = need.keys.some(isDone);
      const onPath = need.keys.some((k) => critical.has(k, instance.key));
      junctions.push({
        kind: 'or',
        key,
        ref: `j${junctions.length}`,
        terminal: instance.terminal,
        alternatives: [...need.keys],
        dependent: instance.key,
        met,
        critical: onPath,
      });
      for (const k of need.keys) edges.push({ from: k, to: key, met: isDone(k), critical: critical.has(k, instance.key) });
      edges.push({ from: key, to: instance.key, met, critical: onPath });
    });
  }
  const used = new Set(nodes.map((n) => n.terminal).filter((t): t is string => t !== null));
  const terminals = plan.profile.terminals.map((t) => t.name).filter((t) => used.has(t));
  return { nodes, junctions, edges, terminals };
}

/**
 * Which need links lie on the critical path. Two instances on the path are linked when they are neighbours in
 * it (in either order: the path may be listed from the root cause or from the milestone). Should the path's
 * order join no neighbours by a need at all, every need between two of its instances counts instead, so an
 * unexpected order still shows the path rather than nothing.
 */
function criticalLinks(plan: Plan, path: readonly string[]): { nodes: Set<string>; has: (need: string, dependent: string) => boolean } {
  const nodes = new Set(path);
  const neighbours = new Set<string>();
  for (let i = 1; i < path.length; i++) {
    neighbours.add(`${path[i - 1]}\u0000${path[i]}`);
    neighbours.add(`${path[i]}\u0000${path[i - 1]}`);
  }
  const needs = (need: string, dependent: string): boolean => {
    const instance = plan.byKey.get(dependent);
    if (!instance) return false;
    return effectiveNeeds(plan, instance).some((n) => (n.kind === 'all' ? n.key === need : n.keys.includes(need)));
  };
  const chained = path.some((k, i) => i > 0 && (needs(path[i - 1]!, k) || needs(k, path[i - 1]!)));
  return {
    nodes,
    has: (need, dependent) =>
      nodes.has(need) && nodes.has(dependent) && (chained ? neighbours.has(`${need}\u0000${dependent}`) : true),
  };
}
