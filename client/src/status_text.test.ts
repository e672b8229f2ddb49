import { strict as assert } from 'node:assert';
import { statusView } from './status_text';

describe('status bar text', () => {
  it('shows indexing progress, clamped', () => {
    assert.equal(statusView({ state: 'indexing', projects: 1, models: 0, percent: 45.4 }, 'ws', true).text, '$(sync~spin) Driftwatch: indexing 45%');
    assert.equal(statusView({ state: 'indexing', projects: 1, models: 0, percent: 140 }, 'ws', true).text, '$(sync~spin) Driftwatch: indexing 100%');
  });
  it('shows project, model count and target when ready', () => {
    assert.equal(statusView({ state: 'ready', projects: 1, models: 14, target: 'dev', project: 'shop' }, 'ws', true).text, '$(database) shop · 14 models · dev');
    assert.equal(statusView({ state: 'ready', projects: 1, models: 1 }, 'ws', true).text, '$(database) ws · 1 model');
  });
  it('marks restricted mode and errors', () => {
    const v = statusView({ state: 'ready', projects: 1, models: 2, project: 'shop' }, 'ws', false);
    assert.match(v.text, /\$\(shield\)$/);
    assert.match(v.tooltip, /Restricted mode/);
    assert.equal(statusView({ state: 'error', projects: 0, models: 0, message: 'boom' }, 'ws', true).isError, true);
  });
});
