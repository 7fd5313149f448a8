import type { Outcome } from '../engine/execute';
import { el } from '../ui/dom';
import { describeLocks, lockModes } from './conflicts';
import './locks.css';

/** Modes a plain read or write takes: held by everything, worth one quiet line at most. */
const everyday = lockModes.slice(0, lockModes.indexOf('RowExclusiveLock') + 1) as readonly string[];

/**
 * What a run held on the course's tables at the end of its transaction, per table: the mode as
 * PostgreSQL names it, and what it blocks and lets through. One quiet line when it held only what
 * every read or write holds.
 */
export function renderLocks(outcome: Outcome): HTMLElement | null {
  if (outcome.locksUnread) {
    return el('p', {
      className: 'locks locks-quiet',
      text: `Locks: not read, because ${outcome.locksUnread}.`,
      attrs: { 'data-locks': '' },
    });
  }
  if (!outcome.locks) return null;
  const effects = describeLocks(outcome.locks);
  if (effects.every((effect) => everyday.includes(effect.mode))) {
    const held = effects.map((effect) => `${effect.table}: ${effect.mode}`).join(', ');
    return el('p', {
      className: 'locks locks-quiet',
      text: held
        ? `Locks: only what every read or write takes (${held}); no writer waits for them.`
        : 'Locks: none held on the course’s tables.',
      attrs: { 'data-locks': '' },
    });
  }
  const list = el('ul');
  for (const effect of effects) {
    list.append(
      el(
        'li',
        { className: effect.blocksWrites ? 'lock-blocks-writes' : '' },
        el('code', { text: effect.table }),
        ': ',
        el('strong', { text: effect.mode }),
        `. Blocks ${effect.blocks}. Lets through ${effect.allows}.`,
      ),
    );
  }
  return el(
    'div',
    { className: 'locks', attrs: { 'data-locks': '' } },
    el('p', { className: 'locks-title', text: 'Locks held at the end of its transaction' }),
    list,
  );
}
