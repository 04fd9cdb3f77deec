import type { Loaded } from '../../app/onboarding.js';
import type { Translate } from '../../i18n/index.js';
import type { Lang } from '../../machine/procedure-schema.js';
import type { HolidayCalendar } from '../../machine/hours.js';

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
}

/** Renders one export as text (UTF-8). */
export async function renderExport(format: ExportFormat, input: ReportInput): Promise<string> {
  void input;
  throw new Error(`export format ${format} is not built yet`);
}
