import { addDays, daysBetween, parts } from '../../machine/dates.js';
import { CRITICAL_COLOUR, STATUS_COLOURS } from './diagram.js';
import { escapeHtml } from './escape.js';
import type { ReportModel } from './model.js';

/**
 * The expected dates on one time axis, as inline SVG for the HTML report: each open wait from its start to
 * the end of its window (the window's usual start marked), each deadline, each milestone's forecast from its
 * earliest to its latest day, the claim window, and today. Hand-drawn (no library): a few rectangles and
 * lines, every text escaped.
 */

interface Row {
  label: string;
  from: string;
  to: string;
  /** A lighter start of a bar (a wait's window opens later than it started). */
  mark?: string | null;
  kind: 'wait' | 'overdue' | 'deadline' | 'milestone' | 'done' | 'window';
}

const WIDTH = 760;
const LABEL = 230;
const ROW = 22;
const TOP = 34;

const FILL: Record<Row['kind'], string> = {
  wait: STATUS_COLOURS.waiting.stroke,
  overdue: STATUS_COLOURS.overdue.stroke,
  deadline: STATUS_COLOURS.failed.stroke,
  milestone: STATUS_COLOURS.ready.stroke,
  done: STATUS_COLOURS.done.stroke,
  window: '#6a4fb3',
};

function rowsOf(model: ReportModel): Row[] {
  const { t } = model;
  const rows: Row[] = [];
  for (const w of model.waits) {
    if (!w.since || !w.expectedBy) continue;
    rows.push({ label: w.label, from: w.since, to: w.expectedBy, mark: w.expectedFrom, kind: w.status === 'overdue' ? 'overdue' : 'wait' });
  }
  for (const d of model.deadlines) rows.push({ label: t('report.timeline.deadline', { label: d.label }), from: d.date, to: d.date, kind: 'deadline' });
  for (const m of model.forecast.milestones) {
    if (!m.earliest) continue;
    rows.push({ label: m.label, from: m.earliest, to: m.latest ?? m.earliest, kind: m.done ? 'done' : 'milestone' });
  }
  if (model.claimWindow) rows.push({ label: t('report.timeline.claimWindow'), from: model.claimWindow.from, to: model.claimWindow.to, kind: 'window' });
  else if (model.forecast.firstClaimWindow) {
    rows.push({ label: t('report.timeline.claimWindow'), from: model.forecast.firstClaimWindow.from, to: model.forecast.firstClaimWindow.to, kind: 'window' });
  }
  return rows;
}

/** The SVG, or null when there is no date to show. */
export function timelineSvg(model: ReportModel): string | null {
  const rows = rowsOf(model);
  if (rows.length === 0) return null;
  const days = [model.today, ...rows.flatMap((r) => [r.from, r.to])].sort();
  const start = addDays(days[0]!, -2);
  const end = addDays(days.at(-1)!, 3);
  const span = Math.max(1, daysBetween(start, end));
  const x = (date: string) => LABEL + ((WIDTH - LABEL - 10) * daysBetween(start, date)) / span;
  const height = TOP + rows.length * ROW + 16;
  const out: string[] = [];
  out.push(
    `<svg class="timeline" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="${escapeHtml(model.t('report.timeline.title'))}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  // Ticks: weekly for up to three months, else on the 1st of each month.
  const ticks: string[] = [];
  if (span <= 92) {
    for (let d = start; d <= end; d = addDays(d, 1)) if (daysBetween('1970-01-05', d) % 7 === 0) ticks.push(d);
  } else {
    for (let d = start; d <= end; d = addDays(d, 1)) if (parts(d).day === 1) ticks.push(d);
  }
  for (const d of ticks) {
    const { month, day } = parts(d);
    out.push(`<line x1="${x(d).toFixed(1)}" y1="${TOP - 6}" x2="${x(d).toFixed(1)}" y2="${height - 6}" stroke="#e2e2e2"/>`);
    out.push(`<text x="${x(d).toFixed(1)}" y="${TOP - 10}" text-anchor="middle" fill="#555">${month}/${day}</text>`);
  }
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    out.push(`<text x="4" y="${y + 14}" fill="#222">${escapeHtml(clip(r.label, 30))}</text>`);
    const x1 = x(r.from);
    const x2 = x(r.to);
    if (r.kind === 'deadline' || r.from === r.to) {
      const cx = x1.toFixed(1);
      out.push(`<path d="M${cx} ${y + 4} l6 6 l-6 6 l-6 -6 z" fill="${FILL[r.kind]}"><title>${escapeHtml(`${r.label} ${r.from}`)}</title></path>`);
      return;
    }
    const opacity = r.kind === 'done' ? 0.6 : 0.85;
    if (r.mark && r.mark > r.from && r.mark < r.to) {
      out.push(`<rect x="${x1.toFixed(1)}" y="${y + 6}" width="${(x(r.mark) - x1).toFixed(1)}" height="10" rx="2" fill="${FILL[r.kind]}" opacity="0.3"/>`);
      out.push(`<rect x="${x(r.mark).toFixed(1)}" y="${y + 4}" width="${(x2 - x(r.mark)).toFixed(1)}" height="14" rx="3" fill="${FILL[r.kind]}" opacity="${opacity}"><title>${escapeHtml(`${r.label} ${r.from} – ${r.to}`)}</title></rect>`);
    } else {
      out.push(`<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${Math.max(3, x2 - x1).toFixed(1)}" height="14" rx="3" fill="${FILL[r.kind]}" opacity="${opacity}"><title>${escapeHtml(`${r.label} ${r.from} – ${r.to}`)}</title></rect>`);
    }
  });
  const tx = x(model.today).toFixed(1);
  out.push(`<line x1="${tx}" y1="${TOP - 4}" x2="${tx}" y2="${height - 14}" stroke="${CRITICAL_COLOUR}" stroke-width="1.5" stroke-dasharray="4 2"/>`);
  out.push(`<text x="${tx}" y="${height - 3}" text-anchor="middle" fill="${CRITICAL_COLOUR}" font-size="10">${escapeHtml(model.t('report.timeline.today'))}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** A label cut to `max` characters (the column is fixed; the full label is in the tables). */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
