import { STATUS_COLOURS } from './diagram.js';
import { escapeHtml as h } from './escape.js';
import { blocksText, dateRange, longDate, yen, type ReportModel, type StepLine } from './model.js';
import { timelineSvg } from './timeline.js';
import type { Status } from '../../machine/selectors.js';

/**
 * The report as one self-contained HTML file: inline CSS with A4 print rules, system fonts, the dependency
 * diagram and the timeline as inline SVG. Nothing is loaded from anywhere (no script, stylesheet, font or
 * image reference), so it opens offline, from an e-mail attachment or a USB stick, and prints as it shows.
 */

const FONTS = `system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic UI", "Yu Gothic", Meiryo, "Noto Sans CJK JP", "Noto Sans JP", sans-serif`;

function css(): string {
  const badges = (Object.entries(STATUS_COLOURS) as [Status, (typeof STATUS_COLOURS)[Status]][])
    .map(([s, c]) => `.st-${s}{background:${c.fill};color:${c.text};border-color:${c.stroke}}`)
    .join('\n');
  return `
@page { size: A4; margin: 14mm 12mm; }
@page landscape { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { font-family: ${FONTS}; font-size: 10.5pt; line-height: 1.5; color: #1b1b1b; margin: 0 auto; max-width: 1000px; padding: 16px 20px; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #3b5b8c; }
h3 { font-size: 11pt; margin: 12px 0 4px; }
p { margin: 4px 0; }
.meta { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.badge { display: inline-block; border: 1px solid; border-radius: 8px; padding: 0 6px; font-size: 9pt; white-space: nowrap; }
${badges}
.progress { height: 12px; background: #e6e6e6; border-radius: 6px; overflow: hidden; max-width: 420px; }
.progress > div { height: 100%; background: ${STATUS_COLOURS.done.stroke}; }
ul.steps { margin: 4px 0; padding-left: 18px; }
ul.steps li { margin: 2px 0; }
.muted { color: #666; }
.figure { overflow-x: auto; margin: 6px 0; }
.figure svg { max-width: 100%; height: auto; }
/* On screen the diagram keeps its own size (its labels readable) and scrolls sideways; printed, it fits the page. */
.figure svg.diagram { max-width: none; }
.legend span { margin-right: 10px; }
section { break-inside: auto; }
tr, .figure, h2, h3 { break-inside: avoid; }
h2, h3 { break-after: avoid; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  .figure { overflow: visible; }
  /* The diagram is wide: a landscape page of its own. */
  #diagram { page: landscape; break-before: page; }
  #diagram .figure svg { width: 100%; max-height: 175mm; }
  a { color: inherit; text-decoration: none; }
}
`;
}

function badge(model: ReportModel, status: Status, text?: string): string {
  return `<span class="badge st-${status}">${h(text ?? model.t(`status.${status}`))}</span>`;
}

function table(head: string[], rows: string[][], numeric: number[] = [], nowrap: number[] = []): string {
  const th = head.map((c) => `<th>${h(c)}</th>`).join('');
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : nowrap.includes(i) ? ' class="nowrap"' : '');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** `svg`: the dependency diagram already rendered (from the DOT, by @viz-js/viz); null when it could not be. */
export function renderHtml(model: ReportModel, diagramSvg: string | null): string {
  const { t } = model;
  const out: string[] = [];
  const section = (id: string, title: string) => out.push(`</section>\n<section id="${id}">`, `<h2>${h(title)}</h2>`);
  const steps = (lines: StepLine[]) =>
    `<ul class="steps">${lines.map((l) => `<li><strong>${h(l.label)}</strong> ${badge(model, l.status, l.statusText)} ${h(l.reason)}</li>`).join('\n')}</ul>`;

  out.push('<!DOCTYPE html>');
  out.push(`<html lang="${model.lang}">`);
  out.push('<head>');
  out.push('<meta charset="utf-8">');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  // No network: even a stray reference would not load (the report holds none), and the page says so to the browser.
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push(`<title>${h(model.title)}</title>`);
  out.push(`<style>${css()}</style>`);
  out.push('</head>');
  out.push('<body>');
  out.push('<header>');
  out.push(`<h1>${h(model.title)}</h1>`);
  out.push(`<p class="meta">${h(t('report.generated', { ...model.generated }))}</p>`);
  out.push('</header>');
  out.push('<section id="facility">');
  out.push(`<h2>${h(t('report.section.facility'))}</h2>`);
  out.push(table([t('report.facility.item'), t('report.facility.value')], model.facility.map(([k, v]) => [h(k), h(v)])));
  out.push(table([t('report.facility.terminal'), t('report.facility.roles')], model.terminals.map((term) => [h(term.name), h(term.roles)])));

  section('progress', t('report.section.progress'));
  const pct = model.progress.total === 0 ? 0 : Math.round((100 * model.progress.done) / model.progress.total);
  out.push(`<p>${h(t('report.progress', { done: model.progress.done, total: model.progress.total }))}</p>`);
  out.push(`<div class="progress" role="img" aria-label="${pct}%"><div style="width:${pct}%"></div></div>`);
  out.push(`<p>${h(t(model.progress.onboarded ? 'report.onboarded' : 'report.notOnboarded'))}</p>`);

  section('next', t('report.section.next'));
  const groups: [string, StepLine[]][] = [
    [t('report.next.deadlines'), model.next.deadlines],
    [t('report.next.chase'), model.next.chase],
    [t('report.next.ready'), model.next.ready],
    [t('report.next.optional'), model.next.optional],
  ];
  const shown = groups.filter(([, lines]) => lines.length > 0);
  for (const [title, lines] of shown) out.push(`<h3>${h(title)}</h3>`, steps(lines));
  if (shown.length === 0) out.push(`<p>${h(t('report.next.nothing'))}</p>`);

  section('blocked', t('report.section.blocked'));
  if (model.rootCauses.length === 0) out.push(`<p>${h(t('report.blocked.none'))}</p>`);
  else {
    out.push(`<p>${h(t('report.blocked.intro', { count: model.blocked.length }))}</p>`);
    out.push(
      table(
        [t('report.blocked.cause'), t('report.status'), t('report.blocked.why'), t('report.blocked.blocks')],
        model.rootCauses.map((c) => [
          `<strong>${h(c.label)}</strong>`,
          badge(model, c.status, c.statusText),
          h(c.reason) + (c.contact ? `<br><span class="muted">${h(t('report.contactLine', { ...c.contact }))}</span>` : ''),
          h(blocksText(t, c.blocks)),
        ]),
      ),
    );
  }

  section('waits', t('report.section.waits'));
  if (model.waits.length === 0) out.push(`<p>${h(t('report.waits.none'))}</p>`);
  else {
    out.push(
      table(
        [t('report.waits.what'), t('report.status'), t('report.waits.since'), t('report.waits.expected'), t('report.waits.contact')],
        model.waits.map((w) => [
          `<strong>${h(w.label)}</strong>`,
          badge(model, w.status, w.statusText),
          h(w.since ? longDate(t, w.since) : t('report.unknown')),
          h(w.given ? t('report.waits.given', { date: longDate(t, w.expectedBy!) }) : dateRange(t, w.expectedFrom, w.expectedBy)),
          w.contact ? `${h(w.contact.name)}<br><strong>${h(w.contact.phone)}</strong><br><span class="muted">${h(w.contact.hours)}</span>` : h(t('report.waits.noContact')),
        ]),
      ),
    );
  }

  section('deadlines', t('report.section.deadlines'));
  if (model.deadlines.length === 0) out.push(`<p>${h(t('report.deadlines.none'))}</p>`);
  else {
    out.push(
      table(
        [t('report.deadlines.what'), t('report.deadlines.date'), t('report.deadlines.left'), t('report.status')],
        model.deadlines.map((d) => [
          `<strong>${h(d.label)}</strong>`,
          h(longDate(t, d.date) + (d.estimate ? t('report.deadlines.estimate') : '')),
          h(d.daysLeft < 0 ? t('report.deadlines.passed', { days: -d.daysLeft }) : t('report.deadlines.days', { days: d.daysLeft })),
          badge(model, d.status, d.statusText),
        ]),
        [2],
      ),
    );
  }
  out.push(`<p class="muted">${h(t('report.deadlines.note'))}</p>`);

  section('costs', t('report.section.costs'));
  out.push(
    table(
      [t('report.costs.terminal'), t('report.costs.certificate'), t('report.costs.applied'), t('report.costs.renewal')],
      model.costs.lines.map((c) => [
        h(c.terminal),
        h(yen(t, c.amount)),
        h(t(c.applied ? 'report.costs.yes' : 'report.costs.no')),
        h(c.renewalBy ? longDate(t, c.renewalBy) : t('report.unknown')),
      ]),
      [1],
    ),
  );
  out.push(`<p><strong>${h(t('report.costs.total', { count: model.costs.lines.length, total: yen(t, model.costs.total) }))}</strong></p>`);
  out.push(`<p class="muted">${h(t('report.costs.note', { fee: yen(t, model.costs.fee) }))}</p>`);

  section('claim-window', t('report.section.claimWindow'));
  const cw = model.claimWindow;
  if (!cw) out.push(`<p>${h(t('report.claimWindow.none'))}</p>`);
  else {
    out.push(`<p>${h(t(cw.first ? 'report.claimWindow.first' : 'report.claimWindow.next', { range: dateRange(t, cw.from, cw.to) }))}</p>`);
    out.push(`<ul>${cw.hours.map((x) => `<li>${h(t('report.claimWindow.hours', { range: dateRange(t, x.from, x.to), opens: x.opens, closes: x.closes }))}</li>`).join('')}</ul>`);
  }

  section('forecast', t('report.section.forecast'));
  if (model.forecast.milestones.length === 0) out.push(`<p>${h(t('report.forecast.none'))}</p>`);
  else {
    out.push(
      table(
        [t('report.forecast.milestone'), t('report.forecast.earliest'), t('report.forecast.latest')],
        model.forecast.milestones.map((m) =>
          m.done
            ? [`<strong>${h(m.label)}</strong>`, h(t('report.forecast.done', { date: m.earliest ? longDate(t, m.earliest) : t('report.unknown') })), '']
            : [`<strong>${h(m.label)}</strong>`, h(m.earliest ? longDate(t, m.earliest) : t('report.unknown')), h(m.latest ? longDate(t, m.latest) : t('report.unknown'))],
        ),
      ),
    );
  }
  if (model.forecast.firstClaimWindow) out.push(`<p>${h(t('report.forecast.firstClaimWindow', { range: dateRange(t, model.forecast.firstClaimWindow.from, model.forecast.firstClaimWindow.to) }))}</p>`);
  if (model.forecast.criticalPath.length > 0) out.push(`<p>${h(t('report.forecast.criticalPath', { path: model.forecast.criticalPath.join(' → ') }))}</p>`);
  out.push(`<p class="muted">${h(t('report.forecast.note'))}</p>`);
  const timeline = timelineSvg(model);
  if (timeline) out.push(`<h3>${h(t('report.timeline.title'))}</h3>`, `<div class="figure">${timeline}</div>`);

  section('diagram', t('report.section.diagram'));
  out.push(`<p class="legend">${(['done', 'ready', 'waiting', 'overdue', 'failed', 'blocked'] as Status[]).map((s) => badge(model, s)).join(' ')} <span class="muted">${h(t('report.diagram.legend'))}</span></p>`);
  out.push(diagramSvg ? `<div class="figure">${diagramSvg}</div>` : `<p>${h(t('report.diagram.unavailable'))}</p>`);

  section('history', t('report.section.history'));
  if (model.history.length === 0) out.push(`<p>${h(t('report.history.none'))}</p>`);
  else {
    out.push(
      table(
        ['#', t('report.history.date'), t('report.history.what'), t('report.history.inputs'), t('report.history.by'), t('report.history.recorded')],
        model.history.map((x) => [
          String(x.id),
          h(x.occurredAt),
          h(x.summary) +
            (x.note ? ` <span class="muted">${h(t('cli.history.note', { note: x.note }))}</span>` : '') +
            (x.undoneBy !== null ? ` <span class="muted">${h(t('cli.history.undoneBy', { id: x.undoneBy }))}</span>` : ''),
          h(x.inputs.join(' ')),
          h(x.operator),
          h(x.recordedAt),
        ]),
        [0],
        [1, 4, 5],
      ),
    );
  }
  out.push('</section>');
  out.push('</body>');
  out.push('</html>');
  return out.join('\n') + '\n';
}
