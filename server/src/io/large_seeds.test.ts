import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_FILE_BYTES, readProjectFile, readProjectInput } from './discover';
import { loadProject } from '../project/load';

function write(root: string, rel: string, content: string): void {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** A CSV over the read limit: header, then rows. */
function bigCsv(header: string): string {
  const row = '1,' + 'x'.repeat(99) + '\n';
  return `${header}\n` + row.repeat(Math.ceil((MAX_FILE_BYTES + 1) / row.length));
}

describe('seeds over the file size limit', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'driftwatch-big-seeds-'));
    write(root, 'dbt_project.yml', 'name: shop\n');
    write(root, 'seeds/events.csv', bigCsv('id,payload'));
    write(root, 'dbt_packages/util/dbt_project.yml', 'name: util\n');
    write(root, 'dbt_packages/util/seeds/calendar.csv', bigCsv('day,label'));
    write(root, 'models/big.sql', 'select 1 as id\n');
    fs.writeFileSync(path.join(root, 'models/huge.sql'), `select 1 as id -- ${'x'.repeat(MAX_FILE_BYTES)}\n`);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are read as far as their header (all a seed node needs), not reported as unreadable; other files still are', async () => {
    const input = await readProjectInput(root, {});
    assert.deepEqual(input.unreadable?.map((u) => u.file), ['models/huge.sql']);
    const events = input.files.get('seeds/events.csv')!;
    assert.ok(events.startsWith('id,payload\n1,x') && events.length < MAX_FILE_BYTES && events.endsWith('\n'), 'a head of whole lines');
    const project = loadProject(input);
    assert.deepEqual(project.seeds.find((s) => s.uniqueId === 'seed.shop.events')?.columns, ['id', 'payload']);
    assert.deepEqual(project.seeds.find((s) => s.uniqueId === 'seed.util.calendar')?.columns, ['day', 'label']);
    assert.ok(!project.diagnostics.some((d) => d.file.endsWith('.csv')), project.diagnostics.map((d) => d.message).join('\n'));
  });

  it('read the same way when the watcher re-reads one', async () => {
    const r = await readProjectFile(root, 'seeds/events.csv');
    assert.ok(r.ok && r.text.startsWith('id,payload\n'), JSON.stringify(r).slice(0, 200));
  });
});
