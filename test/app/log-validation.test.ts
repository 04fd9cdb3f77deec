import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/machine/events.js';
import { runInProcess } from '../helpers/in-process.js';

/**
 * A document that passes the schema but is wrong in content (changed by hand or by another program) is refused
 * on load with one sentence naming the first problem, and the file is left byte for byte as it was.
 */

let dir: string;
let good: { events: StoredEvent[] } & Record<string, unknown>;
const env = () => ({ SEIKYU_HOME: dir, SEIKYU_NOW: '2026-11-10' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'seikyu-log-'));
  const steps = [
    ['init', '--name', 'さくら内科', '--code', '0110113719', '--area', 'east'],
    ['done', 'portal-account', 'email=a@b.jp'],
    ['done', 'line-contract', 'customerId=CAF1234567890'],
    ['done', 'oqs-application'],
    ['undo'],
  ];
  for (const args of steps) expect((await runInProcess(args, env())).code).toBe(0);
  good = JSON.parse(readFileSync(path.join(dir, 'seikyu.json'), 'utf8')) as typeof good;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: [string, (events: StoredEvent[]) => void, RegExp][] = [
  ['duplicate ids', (e) => (e[2]!.id = 2), /#2 が2つあります/],
  ['events out of order', (e) => ([e[2], e[3]] = [e[3]!, e[2]!]), /#4 が #4 の後|#3 が #4 の後/],
  ['an undo whose target does not exist', (e) => (e[4]!.target = 42), /#5 が取り消す #42 がありません/],
  ['an unknown step id', (e) => (e[1]!.step = 'portal-acount'), /手順「portal-acount」/],
  ['a date that does not exist', (e) => (e[2]!.occurredAt = '2026-02-30'), /2026-02-30/],
  ['a profile event that is not first', (e) => e.splice(0, 1), /最初の記録は施設登録/],
];

describe('a saved log is checked for meaning on every load', () => {
  for (const [what, damage, message] of cases) {
    it(`refuses ${what} with exit 6 and one sentence, leaving the file untouched`, async () => {
      const doc = structuredClone(good);
      damage(doc.events);
      const bytes = JSON.stringify(doc, null, 2) + '\n';
      const file = path.join(dir, 'seikyu.json');
      writeFileSync(file, bytes);
      for (const args of [['status'], ['done', 'reader-order', 'count=1', 'model=x'], ['undo']]) {
        const result = await runInProcess(args, env());
        expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(6);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).toMatch(message);
        expect(readFileSync(file, 'utf8')).toBe(bytes);
      }
    });
  }

  it('accepts the undamaged log', async () => {
    writeFileSync(path.join(dir, 'seikyu.json'), JSON.stringify(good, null, 2) + '\n');
    expect((await runInProcess(['status'], env())).code).toBe(0);
  });
});
