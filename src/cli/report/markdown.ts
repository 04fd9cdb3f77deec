import { toMermaid } from './diagram.js';
import { escapeMarkdown as md } from './escape.js';
import { blocksText, dateRange, longDate, yen, type ReportModel, type StepLine } from './model.js';

/**
 * The report as Markdown: readable as plain text, rendered by any Markdown viewer (the dependency diagram as a
 * ```mermaid block, which GitHub, GitLab and many editors draw). Every text from the model is escaped.
 */
export function renderMarkdown(model: ReportModel): string {
  const { t } = model;
  const out: string[] = [];
  const section = (title: string) => out.push('', `## ${md(title)}`, '');
  const table = (head: string[], rows: string[][]) => {
    out.push(`| ${head.map(md).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`);
    for (const row of rows) out.push(`| ${row.join(' | ')} |`);
  };
  const steps = (lines: StepLine[]) => {
    for (const l of lines) out.push(`- **${md(l.label)}** (${md(l.statusText)}) — ${md(l.reason)}`);
  };

  out.push(`# ${md(model.title)}`, '');
  out.push(md(t('report.generated', { ...model.generated, at: model.generated.at })));

  section(t('report.section.facility'));
  table([t('report.facility.item'), t('report.facility.value')], model.facility.map(([k, v]) => [md(k), md(v)]));
  out.push('');
  table([t('report.facility.terminal'), t('report.facility.roles')], model.terminals.map((term) => [md(term.name), md(term.roles)]));

  section(t('report.section.progress'));
  out.push(md(t('report.progress', { done: model.progress.done, total: model.progress.total })));
  out.push('', md(t(model.progress.onboarded ? 'report.onboarded' : 'report.notOnboarded')));

  section(t('report.section.next'));
  const groups: [string, StepLine[]][] = [
    [t('report.next.deadlines'), model.next.deadlines],
    [t('report.next.chase'), model.next.chase],
    [t('report.next.ready'), model.next.ready],
    [t('report.next.optional'), model.next.optional],
  ];
  let any = false;
  for (const [title, lines] of groups) {
    if (lines.length === 0) continue;
    any = true;
    out.push(`### ${md(title)}`, '');
    steps(lines);
    out.push('');
  }
  if (!any) out.push(md(t('report.next.nothing')));

  section(t('report.section.blocked'));
  if (model.rootCauses.length === 0) out.push(md(t('report.blocked.none')));
  else {
    out.push(md(t('report.blocked.intro', { count: model.blocked.length })), '');
    table(
      [t('report.blocked.cause'), t('report.status'), t('report.blocked.why'), t('report.blocked.blocks')],
      model.rootCauses.map((c) => [md(c.label), md(c.statusText), md(c.reason + (c.contact ? ' — ' + t('report.contactLine', { ...c.contact }) : '')), md(blocksText(t, c.blocks))]),
    );
  }

  section(t('report.section.waits'));
  if (model.waits.length === 0) out.push(md(t('report.waits.none')));
  else {
    table(
      [t('report.waits.what'), t('report.status'), t('report.waits.since'), t('report.waits.expected'), t('report.waits.contact')],
      model.waits.map((w) => [
        md(w.label),
        md(w.statusText),
        md(w.since ? longDate(t, w.since) : t('report.unknown')),
        md(w.given ? t('report.waits.given', { date: longDate(t, w.expectedBy!) }) : dateRange(t, w.expectedFrom, w.expectedBy)),
        md(w.contact ? t('report.contactLine', { ...w.contact }) : t('report.waits.noContact')),
      ]),
    );
  }

  section(t('report.section.deadlines'));
  if (model.deadlines.length === 0) out.push(md(t('report.deadlines.none')));
  else {
    table(
      [t('report.deadlines.what'), t('report.deadlines.date'), t('report.deadlines.left'), t('report.status')],
      model.deadlines.map((d) => [
        md(d.label),
        md(longDate(t, d.date) + (d.estimate ? t('report.deadlines.estimate') : '')),
        md(d.daysLeft < 0 ? t('report.deadlines.passed', { days: -d.daysLeft }) : t('report.deadlines.days', { days: d.daysLeft })),
        md(d.statusText),
      ]),
    );
  }
  out.push('', md(t('report.deadlines.note')));

  section(t('report.section.costs'));
  table(
    [t('report.costs.terminal'), t('report.costs.certificate'), t('report.costs.applied'), t('report.costs.renewal')],
    model.costs.lines.map((c) => [
      md(c.terminal),
      md(yen(t, c.amount)),
      md(t(c.applied ? 'report.costs.yes' : 'report.costs.no')),
      md(c.renewalBy ? longDate(t, c.renewalBy) : t('report.unknown')),
    ]),
  );
  out.push('', md(t('report.costs.total', { count: model.costs.lines.length, total: yen(t, model.costs.total) })));
  out.push('', md(t('report.costs.note', { fee: yen(t, model.costs.fee) })));

  section(t('report.section.claimWindow'));
  const cw = model.claimWindow;
  if (!cw) out.push(md(t('report.claimWindow.none')));
  else {
    out.push(md(t(cw.first ? 'report.claimWindow.first' : 'report.claimWindow.next', { range: dateRange(t, cw.from, cw.to) })), '');
    for (const h of cw.hours) out.push(`- ${md(t('report.claimWindow.hours', { range: dateRange(t, h.from, h.to), opens: h.opens, closes: h.closes }))}`);
  }

  section(t('report.section.forecast'));
  if (model.forecast.milestones.length === 0) out.push(md(t('report.forecast.none')));
  else {
    table(
      [t('report.forecast.milestone'), t('report.forecast.earliest'), t('report.forecast.latest')],
      model.forecast.milestones.map((m) =>
        m.done
          ? [md(m.label), md(t('report.forecast.done', { date: m.earliest ? longDate(t, m.earliest) : t('report.unknown') })), '']
          : [md(m.label), md(m.earliest ? longDate(t, m.earliest) : t('report.unknown')), md(m.latest ? longDate(t, m.latest) : t('report.unknown'))],
      ),
    );
  }
  if (model.forecast.firstClaimWindow) out.push('', md(t('report.forecast.firstClaimWindow', { range: dateRange(t, model.forecast.firstClaimWindow.from, model.forecast.firstClaimWindow.to) })));
  if (model.forecast.criticalPath.length > 0) out.push('', md(t('report.forecast.criticalPath', { path: model.forecast.criticalPath.join(' → ') })));
  out.push('', md(t('report.forecast.note')));

  section(t('report.section.diagram'));
  out.push(md(t('report.diagram.legend')), '');
  out.push('```mermaid', toMermaid(model.graph, { t, lang: model.lang, today: model.today }, model.dates).trimEnd(), '```');

  section(t('report.section.history'));
  if (model.history.length === 0) out.push(md(t('report.history.none')));
  else {
    table(
      ['#', t('report.history.date'), t('report.history.what'), t('report.history.inputs'), t('report.history.by'), t('report.history.recorded')],
      model.history.map((h) => [
        String(h.id),
        h.occurredAt,
        md(h.summary + (h.note ? ` ${t('cli.history.note', { note: h.note })}` : '') + (h.undoneBy !== null ? t('cli.history.undoneBy', { id: h.undoneBy }) : '')),
        md(h.inputs.join(' ')),
        md(h.operator),
        h.recordedAt,
      ]),
    );
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
