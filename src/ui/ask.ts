import { button, el } from './dom';

/** Asks a question next to `anchor` with a button per answer; resolves with the chosen answer. */
export function ask<T extends string>(
  anchor: HTMLElement,
  question: string,
  answers: [T, string][],
): Promise<T> {
  return new Promise((resolve) => {
    const box = el('div', {
      className: 'decision',
      attrs: { role: 'group', 'aria-label': 'A decision is needed' },
    });
    box.append(el('p', { text: question }));
    for (const [value, label] of answers) {
      box.append(
        button(
          label,
          () => {
            box.remove();
            resolve(value);
          },
          value === 'cancel' ? 'button' : 'button button-primary',
        ),
        ' ',
      );
    }
    const output = anchor.querySelector('.step-controls') ?? anchor;
    output.after(box);
    box.querySelector('button')?.focus();
  });
}
