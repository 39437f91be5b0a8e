import { TenantCommand } from './commands';
import { decide } from './decide';
import { TenantEvent } from './events';
import { replay } from './evolve';
import { TenantState } from './state';

/**
 * Pure: decides `commands` in order, each on the state the events decided before it
 * lead to, and returns all their events, to be appended together (one transaction).
 * All or nothing: when one command is refused, its error is thrown and no event stands.
 */
export function decideAll(commands: readonly TenantCommand[], state: TenantState): TenantEvent[] {
  const events: TenantEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decide(command, current);
    events.push(...decided);
    current = replay(decided, current);
  }
  return events;
}
