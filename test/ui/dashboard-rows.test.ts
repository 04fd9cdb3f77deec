import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.js';
import { dashboardRows } from '../../src/ui/view-model.js';
import { makeProfile, Scenario } from '../helpers/scenario.js';

/** The first sections of the dashboard mix the PCs: each row must say whose it is when there are several. */
describe('the dashboard rows of a clinic with two PCs', () => {
  const rowsFor = (terminals: { name: string; roles: ('claims' | 'oqs')[] }[]) => {
    const s = new Scenario(makeProfile({ terminals }), '2026-11-24', '2026-11-01');
    const views = s.selector().views();
    const rows = dashboardRows(translator('ja'), views, { today: s.today, onlyAction: false, open: [], desk: () => null });
    return rows.filter((r) => r.kind === 'step' && r.view.id === 'net-config').map((r) => (r.kind === 'step' ? (r.title ?? r.view.short) : ''));
  };

  it('names the PC of each per-PC row in "can be done now"', () => {
    const titles = rowsFor([
      { name: '端末1', roles: ['claims', 'oqs'] },
      { name: '受付PC', roles: ['oqs'] },
    ]);
    expect(titles).toEqual(['IPv6 DNS とプロキシの設定［端末1］', 'IPv6 DNS とプロキシの設定［受付PC］']);
  });

  it('keeps the short name alone with one PC', () => {
    expect(rowsFor([{ name: '端末1', roles: ['claims', 'oqs'] }])).toEqual(['IPv6 DNS とプロキシの設定']);
  });
});
