import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../../src/cli/app.js';
import { renderExport, type ExportFormat, type ReportInput } from '../../src/cli/report/index.js';
import { isJapaneseHoliday } from '../../src/effects/holidays.js';
import { forecast } from '../../src/machine/forecast.js';
import type { Lang } from '../../src/machine/procedure-schema.js';
import { Cli, removeTempDirs, repoRoot, requireBuild, tempDir, type RunOptions } from '../helpers/cli.js';

/**
 * The printable report (Markdown, HTML) and the dependency diagram (Mermaid, DOT) of a facility in the middle
 * of its onboarding, driven through the compiled program into a real data folder, then rendered from that
 * folder as the export command does. The outputs are given to the real consumers: Graphviz's `dot`, the
 * `mermaid` package in headless Chromium, and Chromium again to capture the HTML report as an image and a PDF.
 */

const run = promisify(execFile);
const NOW = '2026-11-24T10:00:00+09:00';
const PASSPHRASE = 'correct horse battery staple';
/** The secrets recorded below: none may reach a report in any spelling. */
const SECRETS = { referenceId: 'RefSecret-7Q2X9ZK4', password: 'MasterPw-8842-Vt' };
const T1 = '端末1';
/** A PC whose name is markup in every syntax at hand: it must read as written and never act. */
const T2 = 'PC"<b>&2';

const cli = Cli.fresh(NOW);
const outDir = tempDir('seikyu-report-');

const secretInput = (pairs: Record<string, string>): RunOptions => ({
  input: Object.entries(pairs).map(([k, v]) => `${k}=${v}\n`).join(''),
  env: { SEIKYU_PASSPHRASE: PASSPHRASE },
});

/** What renderExport is given, read from the data folder the way a command reads it. */
async function inputOf(lang: Lang): Promise<ReportInput> {
  const now = new Date(NOW);
  const app = new App({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: {} }, lang, { now: () => now }, { dataDir: cli.home, operator: 'テスト担当', command: 'export' });
  return { loaded: await app.load(), lang, t: app.t, today: app.today, now, holidays: isJapaneseHoliday, operator: app.operator, programVersion: '0.0.0-test' };
}

const outputs = {} as Record<ExportFormat, string> & { enHtml: string; enMd: string };
let input: ReportInput;

beforeAll(async () => {
  requireBuild();
  await cli.ok(['init', '--name', 'さくら内科 & 小児科 <本院>', '--code', '0110113719', '--terminal', `${T1}:claims,oqs`, '--terminal', `${T2}:claims`]);
  await cli.ok(['done', 'portal-account', 'email=info@sakura.example.jp', '--at', '2026-11-02']);
  await cli.ok(['done', 'line-contract', 'customerId=CAF1234567890', '--at', '2026-11-02']);
  await cli.ok(['done', 'reader-order', 'count=2', 'model=顔認証リーダー', '--at', '2026-11-03']);
  await cli.ok(['done', 'oqs-application', '--at', '2026-11-05']);
  await cli.ok(['done', 'claims-notice', '--at', '2026-11-05']);
  await cli.ok(['done', 'cert-application', '--terminal', T1, '--at', '2026-11-06']);
  await cli.ok(['done', 'ons-application', '--at', '2026-11-10']);
  await cli.ok(['done', 'cert-letter', '--terminal', T1, 'requestId=R0123456', 'issuedOn=2026-11-10', '--at', '2026-11-11'], secretInput({ referenceId: SECRETS.referenceId }));
  await cli.ok(['done', 'master-account', 'accountId=M0012345', '--at', '2026-11-12'], secretInput({ password: SECRETS.password }));
  await cli.ok(['done', 'net-config', '--terminal', T1, '--note', '設定画面で確認', '--at', '2026-11-13']);
  await cli.ok(['done', 'cert-application', '--terminal', T2, '--at', '2026-11-20']);
  await cli.ok(['expect', 'line-registration', '--by', '2026-11-30']);
  // Read back once: the history records that it was shown (never the value).
  const revealed = await cli.ok(['reveal', 'cert-letter', 'referenceId', '--terminal', T1], { env: { SEIKYU_PASSPHRASE: PASSPHRASE } });
  expect(revealed.stdout).toBe(`${SECRETS.referenceId}\n`);
  input = await inputOf('ja');
  for (const format of ['md', 'html', 'mermaid', 'dot'] as const) outputs[format] = await renderExport(format, input);
  const en = await inputOf('en');
  outputs.enHtml = await renderExport('html', en);
  outputs.enMd = await renderExport('md', en);
}, 60_000);

afterAll(() => removeTempDirs());

/** The steps of the drive above are really where the report says they are (the report reads the same folder). */
describe('the facility driven for the report', () => {
  it('is mid-onboarding: an overdue approval, letters and registrations on their way, certificates blocked', async () => {
    const status = await cli.status();
    const of = (id: string, terminal: string | null = null) => status.steps.find((s) => s.id === id && s.terminal === terminal)!.status;
    expect(of('ons-approval')).toBe('overdue');
    expect(of('cert-letter', T2)).toBe('waiting');
    expect(of('line-registration')).toBe('waiting');
    expect(of('client-cert', T1)).toBe('blocked');
    expect(status.progress.done).toBeGreaterThan(5);
    expect(status.progress.done).toBeLessThan(status.progress.total);
  });
});

describe('the DOT diagram', () => {
  it('is accepted by Graphviz dot -Tsvg, one box per step instance, the terminals as clusters', async () => {
    const file = path.join(outDir, 'graph.dot');
    writeFileSync(file, outputs.dot);
    const { stdout, stderr } = await run('dot', ['-Tsvg', file]);
    expect(stderr).toBe('');
    expect(stdout).toContain('<svg');
    const steps = input.loaded.onboarding.plan.instances.filter((i) => i.applies).length;
    expect(stdout.match(/<g id="node\d+" class="node">\s*<title>s\d+<\/title>/g)).toHaveLength(steps);
    expect(stdout).toContain('端末: 端末1');
    // The PC's name comes through as text (escaped once in SVG), not as markup.
    expect(stdout).toContain('端末: PC&quot;&lt;b&gt;&amp;2');
    expect(stdout.match(/class="cluster"/g)).toHaveLength(2);
  });

  it('colours each node by its status and names the status in words', () => {
    expect(outputs.dot).toMatch(/\[label="ONS [^"]*\\n遅延（11\/17予定）", width=[\d.]+, fillcolor="#ffdcc0"/);
    expect(outputs.dot).toMatch(/\[label="[^"]+\\n完了", width=[\d.]+, fillcolor="#dcf1dc"/);
  });

  it('never uses a step key or a terminal name as an id', () => {
    const ids = [...outputs.dot.matchAll(/^\s*(\w+) (?:\[|->)/gm)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids) expect(id).toMatch(/^(graph|node|edge|[sj]\d+)$/);
  });
});

describe('the Mermaid diagram', () => {
  it('is rendered to SVG by the mermaid package in headless Chromium, without an error', async () => {
    const mermaidJs = path.join(repoRoot, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
    const page = path.join(outDir, 'mermaid.html');
    // The source goes in as a JSON string: `</script>` cannot end the script early.
    const source = JSON.stringify(outputs.mermaid).replace(/</g, '\\u003c');
    writeFileSync(
      page,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><script src="file://${mermaidJs}"></script></head><body>
<div id="out"></div><pre id="state">pending</pre>
<script>
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
mermaid.render('dependencies', ${source})
  .then(({ svg }) => { document.getElementById('out').innerHTML = svg; document.getElementById('state').textContent = 'rendered'; })
  .catch((e) => { document.getElementById('state').textContent = 'error: ' + (e && e.message ? e.message : String(e)); });
</script></body></html>`,
    );
    const { stdout } = await chromium(['--virtual-time-budget=15000', '--dump-dom', `file://${page}`]);
    expect(stdout).toContain('<pre id="state">rendered</pre>');
    expect(stdout).not.toMatch(/Syntax error|Parse error|<pre id="state">error/i);
    const svg = stdout.slice(stdout.indexOf('<div id="out">'));
    expect(svg).toMatch(/<svg[^>]+id="dependencies"/);
    // Every step box and both clusters were drawn, the names shown as text.
    const steps = input.loaded.onboarding.plan.instances.filter((i) => i.applies).length;
    expect(svg.match(/class="node [^"]*"/g)!.length).toBeGreaterThanOrEqual(steps);
    expect(svg).toContain('端末: 端末1');
    expect(svg).toContain('PC"&lt;b&gt;&amp;2');
  }, 60_000);

  it('escapes labels as entity codes and keeps every id ASCII', () => {
    expect(outputs.mermaid).toContain('端末: PC#34;#60;b#62;#38;2');
    expect(outputs.mermaid).not.toContain('<b>');
    for (const m of outputs.mermaid.matchAll(/^\s*(\S+)\s*(?:\[|\(\()/gm)) expect(m[1]).toMatch(/^[sj]\d+$/);
  });
});

describe('the HTML report', () => {
  it('opens in headless Chromium and is captured as a PNG image and as a PDF', async () => {
    const file = path.join(outDir, 'report.html');
    writeFileSync(file, outputs.html);
    const png = path.join(outDir, 'report.png');
    const pdf = path.join(outDir, 'report.pdf');
    // Side by side, each with its own profile: two browsers at once take little longer than one.
    await Promise.all([
      chromium(['--hide-scrollbars', '--window-size=1200,1600', `--screenshot=${png}`, `file://${file}`], 'png'),
      chromium(['--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${file}`], 'pdf'),
    ]);
    const image = readFileSync(png);
    expect(image.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(image.readUInt32BE(16)).toBe(1200);
    expect(statSync(png).size).toBeGreaterThan(50_000);
    const document = readFileSync(pdf);
    expect(document.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(statSync(pdf).size).toBeGreaterThan(30_000);
    // A4 pages (595 × 842 points), the wide dependency diagram on a landscape one of its own.
    const boxes = [...document.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => (Number(m[1]) < Number(m[2]) ? 'portrait' : 'landscape'));
    expect(boxes.filter((b) => b === 'portrait').length).toBeGreaterThanOrEqual(3);
    expect(boxes.filter((b) => b === 'landscape')).toHaveLength(1);
    for (const m of document.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)) {
      expect([Math.round(Number(m[1])), Math.round(Number(m[2]))].sort()).toEqual([595, 842]);
    }
  }, 60_000);

  it('holds every section, in Japanese by default', () => {
    for (const id of ['facility', 'progress', 'next', 'blocked', 'waits', 'deadlines', 'costs', 'claim-window', 'forecast', 'diagram', 'history']) {
      expect(outputs.html).toContain(`<section id="${id}">`);
    }
    expect(outputs.html).toContain('<html lang="ja">');
    for (const heading of ['施設と端末', '進み具合', '次にすること', '止まっている手順と根本原因', '待っているもの', '期限', '費用', '請求の期間', '見通し', '手順の依存関係', '経過']) {
      expect(outputs.html).toMatch(new RegExp(`<h2>${heading}`));
    }
    expect(outputs.enHtml).toContain('<html lang="en">');
    expect(outputs.enHtml).toContain('<h2>What is blocked, and the root causes</h2>');
  });

  it('names the root causes of what is blocked, with the steps each holds up and whom to call', () => {
    const blocked = section(outputs.html, 'blocked');
    // The overdue approval comes first and says whom to call; the letter of the second PC holds up its certificate.
    expect(blocked).toMatch(/ONS アカウントの承認待ち[\s\S]*?遅延[\s\S]*?0800-080-4583/);
    expect(blocked.indexOf('st-overdue')).toBeLessThan(blocked.indexOf('st-waiting'));
    expect(blocked).toContain('0800-080-4583');
    expect(blocked).toContain(`簡易書留`);
    expect(blocked).toContain('PC&quot;&lt;b&gt;&amp;2');
    expect(blocked).toMatch(/回線登録[\s\S]*?11\/30/);
  });

  it('lists the waits with their expected dates and help desks, the deadlines, the costs per PC and the claim window', () => {
    const waits = section(outputs.html, 'waits');
    expect(waits).toContain('2026年11月30日（月）（先方から伝えられた日）');
    expect(waits).toContain('ネットワークサポートデスク');
    expect(waits).toContain('0120-220-571');
    const deadlines = section(outputs.html, 'deadlines');
    // 180 days from the notice's date (2026-11-10).
    expect(deadlines).toContain('2027年5月9日（日）');
    expect(deadlines).toContain('あと 166 日');
    const costs = section(outputs.html, 'costs');
    expect(costs).toContain('電子証明書 2 枚、合計 3,000円（税込）');
    expect(costs.match(/1,500円/g)!.length).toBeGreaterThanOrEqual(2);
    // Filed on 11/5 (by the 20th): the window of January.
    expect(section(outputs.html, 'claim-window')).toContain('最初に請求できる期間: 2027年1月5日（火）〜2027年1月10日（日）');
  });

  it('tells what happened when and by whom, secrets only as recorded', () => {
    const history = section(outputs.html, 'history');
    expect(history).toContain('テスト担当');
    expect(history).toContain('requestId=R0123456');
    expect(history).toContain('referenceId=記録済み（秘密）');
    expect(history).toContain('password=記録済み（秘密）');
    expect(history).toContain('「設定画面で確認」');
    expect(history).toContain('秘密の値を表示: 証明書情報の簡易書留［端末1］（referenceId）');
    expect(history).toContain('完了: ポータルのアカウント登録');
    expect(outputs.md).toContain('referenceId=記録済み（秘密）');
    expect(outputs.enMd).toContain('referenceId=recorded (secret)');
  });

  it('embeds the dependency diagram and the timeline as inline SVG', () => {
    const diagram = section(outputs.html, 'diagram');
    expect(diagram).toMatch(/<svg class="diagram"[^>]*viewBox=/);
    expect(diagram).toMatch(/<g id="graph0" class="graph"/);
    expect(section(outputs.html, 'forecast')).toMatch(/<svg class="timeline"/);
  });

  it('loads nothing from anywhere: no script, stylesheet, font, image or URL', () => {
    const html = outputs.html;
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
    expect(html).not.toMatch(/\bsrc\s*=|url\(|@import|@font-face/i);
    expect(html).toContain('@page { size: A4;');
  });

  it('escapes every text from the document: the facility and PC names read as written', () => {
    expect(outputs.html).toContain('さくら内科 &amp; 小児科 &lt;本院&gt;');
    expect(outputs.html).not.toContain('<本院>');
    expect(outputs.html).not.toContain('<b>');
    expect(outputs.md).toContain('さくら内科 \\& 小児科 \\<本院\\>');
    expect(outputs.md).toContain('PC"\\<b\\>\\&2');
  });
});

describe('every export', () => {
  it('contains none of the secrets recorded, literally, in base64 or in hex', () => {
    const all = { md: outputs.md, html: outputs.html, mermaid: outputs.mermaid, dot: outputs.dot, enHtml: outputs.enHtml, enMd: outputs.enMd };
    for (const secret of Object.values(SECRETS)) {
      const bytes = Buffer.from(secret, 'utf8');
      const spellings = [secret, bytes.toString('base64').replace(/=+$/, ''), bytes.toString('base64url').replace(/=+$/, ''), bytes.toString('hex'), bytes.toString('hex').toUpperCase()];
      for (const [name, text] of Object.entries(all)) for (const s of spellings) expect(text.includes(s), `${name} holds ${s}`).toBe(false);
    }
  });

  it('is the same for the same input (no clock, no randomness)', async () => {
    for (const format of ['md', 'html', 'mermaid', 'dot'] as const) expect(await renderExport(format, input)).toBe(outputs[format]);
  });

  it('highlights the critical path the forecast returns (thick red edges between its steps)', () => {
    const { criticalPath } = forecast(input.loaded.onboarding, input.today, input.holidays);
    // Until the forecast computes it, the path is empty and there is nothing to highlight.
    expect(criticalPath.length).toBeGreaterThan(1);
    const refs = new Map<string, string>();
    for (const m of outputs.dot.matchAll(/^\s*(s\d+) \[label=/gm)) refs.set(m[1]!, m[1]!);
    const plan = input.loaded.onboarding.plan;
    const keyToRef = new Map(plan.instances.filter((i) => i.applies).map((i, n) => [i.key, `s${n}`]));
    const critical = [...outputs.dot.matchAll(/^\s*(\w+) -> (\w+) \[color="#d00000", penwidth=3/gm)].map((m) => `${m[1]}->${m[2]}`);
    expect(critical.length).toBeGreaterThan(0);
    for (let i = 1; i < criticalPath.length; i++) {
      const [a, b] = [keyToRef.get(criticalPath[i - 1]!.key), keyToRef.get(criticalPath[i]!.key)];
      if (!a || !b) continue;
      const direct = critical.includes(`${a}->${b}`) || critical.includes(`${b}->${a}`);
      const throughJunction = critical.some((e) => e.startsWith(`${a}->j`) || e.startsWith(`${b}->j`));
      expect(direct || throughJunction, `${criticalPath[i - 1]!.key} – ${criticalPath[i]!.key}`).toBe(true);
    }
    expect(outputs.mermaid).toMatch(/linkStyle [\d,]+ stroke:#d00000,stroke-width:3px/);
  });
});

describe('a facility just registered', () => {
  it('renders in every format, saying what is not known yet instead of inventing it', async () => {
    const fresh = Cli.fresh(NOW);
    await fresh.ok(['init', '--name', '新規クリニック', '--code', '0110113719']);
    const now = new Date(NOW);
    const app = new App({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: {} }, 'ja', { now: () => now }, { dataDir: fresh.home, operator: 'テスト担当', command: 'export' });
    const first: ReportInput = { loaded: await app.load(), lang: 'ja', t: app.t, today: app.today, now, holidays: isJapaneseHoliday, operator: 'テスト担当', programVersion: '0.0.0-test' };
    const html = await renderExport('html', first);
    expect(section(html, 'claim-window')).toContain('開始届（claims-notice）を出すと決まります');
    expect(section(html, 'waits')).toContain('待っているものはありません。');
    expect(section(html, 'history')).toContain('施設情報を登録: 新規クリニック');
    const md = await renderExport('md', first);
    expect(md).toContain('## 次にすること');
    expect(md).toContain('```mermaid\nflowchart LR');
    const dot = await renderExport('dot', first);
    const file = path.join(outDir, 'fresh.dot');
    writeFileSync(file, dot);
    expect((await run('dot', ['-Tsvg', file])).stdout).toContain('<svg');
  }, 30_000);
});

/** The text of one `<section id=…>` of the HTML report. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, `section ${id}`).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

/** Headless Chromium on a file of ours (a throwaway profile, no network needed). */
function chromium(args: string[], profile = 'default'): Promise<{ stdout: string; stderr: string }> {
  return run('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${path.join(outDir, `chromium-${profile}`)}`, ...args], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 45_000,
  });
}
