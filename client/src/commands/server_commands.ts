/** Target selection, server restart and logs. */
import type { Services } from '../services';
import { register } from './register';

export function registerServerCommands(s: Services): void {
  const reg = (id: string, fn: (...args: any[]) => unknown) => register(s.context, s.output, id, fn);
  reg('driftwatch.selectTarget', () => s.targets.select());
  reg('driftwatch.restartServer', () => s.restart());
  reg('driftwatch.showLogs', () => s.output.show(true));
}
