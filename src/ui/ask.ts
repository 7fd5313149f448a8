import { button, el } from './dom';

/** Questions on screen, each with a way to withdraw it (answered "cancel", or the last answer). */
const open = new Set<() => void>();

/**
 * Withdraws every unanswered question; returns how many there were. A question holds the page's
 * queue (a step waits for its answer), so an action that must go ahead (Reset) withdraws it first.
 */
export function withdrawQuestions(): number {
  const withdrawn = [...open];
  for (const withdraw of withdrawn) withdraw();
  return withdrawn.length;
}

/** Asks a question next to `anchor` with a button per answer; resolves with the chosen answer. */
export function ask<T extends string>(
  anchor: HTMLElement,
  question: string,
  answers: [T, string][],
): Promise<T> {
  return new Promise((resolve) => {
    const settle = (value: T) => {
      open.delete(withdraw);
      box.remove();
      resolve(value);
    };
    const fallback = answers.find(([value]) => value === 'cancel') ?? answers.at(-1);
    const withdraw = () => {
      if (fallback) settle(fallback[0]);
    };
    const box = el('div', {
      className: 'decision',
      attrs: { role: 'group', 'aria-label': 'A decision is needed' },
    });
    box.append(el('p', { text: question }));
    for (const [value, label] of answers) {
      box.append(
        button(label, () => settle(value), value === 'cancel' ? 'button' : 'button button-primary'),
        ' ',
      );
    }
    const output = anchor.querySelector('.step-controls') ?? anchor;
    output.after(box);
    open.add(withdraw);
    box.querySelector('button')?.focus();
  });
}
