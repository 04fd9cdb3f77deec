import type { Loaded } from '../../app/onboarding.js';
import type { Translate } from '../../i18n/index.js';
import type { Lang } from '../../machine/procedure-schema.js';
import type { HolidayCalendar } from '../../machine/hours.js';
import type { Forecast } from '../../machine/forecast.js';
import { toDot, toMermaid } from './diagram.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { buildReport, type ReportModel } from './model.js';

/**
 * The exports a person reads or draws: the report (Markdown, a self-contained HTML page) and the dependency
 * diagram (Mermaid, Graphviz DOT). None of them ever carries a secret.
 */

export type ExportFormat = 'md' | 'html' | 'mermaid' | 'dot';

/** What a report or a diagram is made from: the document as loaded, and the words and the day to use. */
export interface ReportInput {
  loaded: Loaded;
  lang: Lang;
  t: Translate;
  /** Japan's day (`YYYY-MM-DD`). */
  today: string;
  /** When the report is made (its header says so). */
  now: Date;
  holidays: HolidayCalendar;
  /** Who made it. */
  operator: string;
  programVersion: string;
  /** The forecast to show, when the caller has it already; by default it is computed from the onboarding. */
  forecast?: Forecast;
}

/** Renders one export as text (UTF-8). Deterministic: the same input gives the same bytes. */
export async function renderExport(format: ExportFormat, input: ReportInput): Promise<string> {
  const model = buildReport(input);
  const words = { t: input.t, lang: input.lang, today: input.today };
  switch (format) {
    case 'mermaid':
      return toMermaid(model.graph, words, model.dates);
    case 'dot':
      return toDot(model.graph, words, model.dates, { title: diagramTitle(model) });
    case 'md':
      return renderMarkdown(model);
    case 'html':
      return renderHtml(model, await diagramSvg(model));
  }
}

function diagramTitle(model: ReportModel): string {
  return model.t('report.diagram.title', { name: model.facility[0]![1], date: model.today });
}

/**
 * The DOT drawn as SVG by Graphviz compiled to WebAssembly (@viz-js/viz): no native program, no network, the
 * same on Windows. Loaded only for the HTML report (the module is large). Null if Graphviz reports an error:
 * the report is still worth having without its picture.
 */
async function diagramSvg(model: ReportModel): Promise<string | null> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const dot = toDot(model.graph, { t: model.t, lang: model.lang, today: model.today }, model.dates, { rankdir: 'TB' });
  const result = viz.render(dot, { format: 'svg' });
  if (result.status !== 'success') return null;
  return inlineSvg(result.output);
}

/**
 * Graphviz's SVG as an element inside HTML: without the XML prolog, the DOCTYPE (it names a DTD by URL) and
 * comments, and without namespace declarations (the HTML parser puts <svg> in its namespace itself), so the
 * page holds no URL at all.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s+xmlns(?::\w+)?="[^"]*"/g, '')
    // Its natural size stays (labels readable on screen, where it scrolls); print CSS fits it to the page.
    .replace(/<svg(?=\s)/, '<svg class="diagram"')
    .trim();
}
