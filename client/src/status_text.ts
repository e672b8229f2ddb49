/**
 * What the status bar item says for a server status. Pure so every state is
 * tested: indexing progress first, then `$(database) shop · 14 models · dev`.
 */
import type { StatusParams } from '../../server/src/protocol/lsp_ext';

export interface StatusView {
  text: string;
  tooltip: string;
  isError: boolean;
}

export function statusView(status: StatusParams, fallbackProject: string, trusted: boolean): StatusView {
  const project = status.project || fallbackProject;
  const models = `${status.models} model${status.models === 1 ? '' : 's'}`;
  const lock = trusted ? '' : ' $(shield)';
  switch (status.state) {
    case 'starting':
      return { text: `$(sync~spin) Driftwatch`, tooltip: 'Driftwatch: starting the language server', isError: false };
    case 'indexing': {
      const pct = typeof status.percent === 'number' ? ` ${Math.max(0, Math.min(100, Math.round(status.percent)))}%` : '';
      return { text: `$(sync~spin) Driftwatch: indexing${pct}`, tooltip: status.message || `Indexing ${project}`, isError: false };
    }
    case 'error':
      return { text: `$(error) Driftwatch`, tooltip: `Driftwatch: ${status.message || 'the language server reported an error'} — click to show logs`, isError: true };
    case 'ready': {
      const parts = [project, models];
      if (status.projects > 1) parts[0] = `${project} +${status.projects - 1}`;
      if (status.target) parts.push(status.target);
      const tip = [`Driftwatch: ${status.projects} project${status.projects === 1 ? '' : 's'}, ${models}`];
      tip.push(status.target ? `Warehouse target: ${status.target} — click to change` : 'No warehouse target — click to select one');
      if (!trusted) tip.push('Restricted mode: checks, builds, previews and diffs are disabled until you trust this workspace.');
      if (status.message) tip.push(status.message);
      return { text: `$(database) ${parts.join(' · ')}${lock}`, tooltip: tip.join('\n'), isError: false };
    }
  }
}
