import { it } from 'vitest';
import { clinicProfile, makeHarness, renderTui, keys, selectRow, widest } from '../helpers/ui.js';

it('probe', async () => {
  const h = makeHarness({ lang: 'en' });
  await h.port.init(clinicProfile());
  await h.port.done({ key: 'portal-account', values: { email: 'a@example.jp' }, at: '2026-11-01' });
  await h.port.done({ key: 'line-contract', values: { customerId: 'CAF0246813579' }, at: '2026-11-01' });
  await h.port.done({ key: 'oqs-application', values: {}, at: '2026-11-01' });
  await h.port.done({ key: 'cert-application@端末1', values: {}, at: '2026-11-24' });
  const tui = renderTui(h.port, await h.port.load(), { rows: 40, columns: 80 });
  await tui.waitFor((f) => f.includes('テスト診療所'));
  console.log(tui.frame());
  await selectRow(tui, 'Certificate letter');
  await tui.press(keys.enter, (f) => f.includes('Actions'));
  console.log(tui.frame(), widest(tui.frame()));
  await tui.press('d', (f) => f.includes('Request ID'));
  await tui.press('R0246813579\r', (f) => f.includes('R0246813579'));
  await tui.press('ref\r\r\r', (f) => f.includes('Note'));
  await tui.press('a very long note that goes on and on and on and on and on and on and on and on and on and on', (f) => f.includes('and on'));
  console.log(tui.frame(), widest(tui.frame()));
  tui.unmount();
});
