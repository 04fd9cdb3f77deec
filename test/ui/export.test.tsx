import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { helpLines } from '../../src/ui/help-view.js';
import { keys, makeHarness, removeHarnessDirs, renderTui, seedLetterAwaited, T1, TODAY, unmountAll, type Harness, type Tui } from '../helpers/ui.js';

/**
 * The screen's export (`x` on the dashboard): the handoff bundle (JSON, no secrets) and the HTML report are
 * written side by side in the data folder's `exports/`, and the message line says where. A real App on a real
 * data folder; the files are read back from disk.
 */

afterEach(unmountAll);
afterAll(removeHarnessDirs);

const REFERENCE_ID = 'REF-ui-4411-secret';

/** A clinic whose certificate letter, with its secret リファレンスID, is recorded. */
async function seeded(): Promise<{ h: Harness; tui: Tui }> {
  const h = makeHarness({ env: { SEIKYU_PASSPHRASE: 'screen-passphrase-1' } });
  await seedLetterAwaited(h);
  await h.port.done({ key: `cert-letter@${T1}`, values: { requestId: 'R0246813579', referenceId: REFERENCE_ID, issuedOn: TODAY } });
  const state = (await h.port.load())!;
  const tui = renderTui(h.port, state, { columns: 120, rows: 30 });
  await tui.waitFor((f) => f.includes(h.port.t('ui.footer.dashboard')), 'the dashboard');
  return { h, tui };
}

/** The message line, unbroken (it wraps long paths). */
function joined(frame: string): string {
  return frame.split('\n').join('');
}

function exportsOf(h: Harness): string[] {
  const dir = path.join(h.dir, 'exports');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

describe('the export key (x)', () => {
  it('writes the bundle and the HTML report side by side in exports/ and says where', async () => {
    const { h, tui } = await seeded();
    const before = h.raw();
    const frame = await tui.press('x', (f) => joined(f).includes('.html'), 'the message naming the files');
    const files = exportsOf(h);
    expect(files).toHaveLength(2);
    const [html, json] = files as [string, string];
    expect(json).toMatch(/^seikyu-0110113719-\d{8}-\d{6}\.json$/);
    expect(html).toBe(json.replace(/\.json$/, '.html'));
    // The message line wraps anywhere: compared without white space.
    expect(frame.replace(/\s/g, '')).toContain(h.port.t('handoff.ui.exported', { dir: path.join(h.dir, 'exports'), json, html }).replace(/\s/g, ''));
    const bundle = JSON.parse(readFileSync(path.join(h.dir, 'exports', json), 'utf8')) as { kind: string; events: unknown[]; secrets: unknown };
    expect(bundle.kind).toBe('medical-seikyu/handoff');
    expect(bundle.events).toHaveLength(6);
    expect(bundle.secrets).toEqual({ exported: false, count: 1 });
    const report = readFileSync(path.join(h.dir, 'exports', html), 'utf8');
    expect(report).toContain('<html');
    expect(report).toContain('テスト診療所');
    for (const name of files) {
      const text = readFileSync(path.join(h.dir, 'exports', name), 'utf8');
      for (const form of [REFERENCE_ID, Buffer.from(REFERENCE_ID).toString('base64'), Buffer.from(REFERENCE_ID).toString('hex')]) expect(text).not.toContain(form);
      expect(statSync(path.join(h.dir, 'exports', name)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(path.join(h.dir, 'exports')).mode & 0o777).toBe(0o700);
    // An export is not a record: the document is as it was.
    expect(h.raw()).toBe(before);
  });

  it('never overwrites an earlier export made the same second', async () => {
    const { h, tui } = await seeded();
    await tui.press('x', (f) => joined(f).includes('.html'), 'the first export');
    await tui.press(keys.down, (f) => !joined(f).includes('.html'), 'the message cleared by a key');
    await tui.press('x', (f) => joined(f).includes('-2.html'), 'the second export');
    expect(exportsOf(h)).toHaveLength(4);
  });

  it('is listed in the help with the dashboard keys, and does nothing on the step detail', async () => {
    const { h, tui } = await seeded();
    const lines = helpLines(h.port.t).map((l) => l.text);
    const dashboard = lines.indexOf(h.port.t('ui.help.screen.dashboard'));
    const detail = lines.indexOf(h.port.t('ui.help.screen.detail'));
    const at = lines.findIndex((l) => l.trim().startsWith('x') && l.includes(h.port.t('handoff.key.export')));
    expect(at).toBeGreaterThan(dashboard);
    expect(at).toBeLessThan(detail);
    await tui.press(keys.enter, (f) => f.includes(h.port.t('ui.footer.detail')), 'the detail');
    tui.stdin.write('x');
    await tui.press(keys.esc, (f) => f.includes(h.port.t('ui.footer.dashboard')), 'back to the dashboard');
    expect(exportsOf(h)).toEqual([]);
  });
});
