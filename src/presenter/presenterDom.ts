import { finder } from '../ui/dom';

/** The audience window's parts, found once when it starts. */
export function presenterDom(root: HTMLElement) {
  const find = finder(root, 'presenter');
  return {
    root,
    announcer: find('.announcer'),
    status: find('.engine-status'),
    main: find('.present-main'),
    counter: find('.present-counter'),
    title: find('.present-title'),
    row: find('.present-evidence-row'),
    result: find('.present-result'),
    aside: find('.present-diagram'),
    help: find<HTMLDialogElement>('.present-help'),
    helpButton: find('.present-help-button'),
    promptBox: find('.present-prompt'),
    promptLine: find('.present-prompt-text'),
    promptYes: find('.present-prompt-yes'),
    promptNo: find('.present-prompt-no'),
    blank: find('.present-blank'),
    slide: find('.present-slide'),
    interludeSections: [...root.querySelectorAll<HTMLElement>('.present-interlude')],
    tryBox: root.querySelector<HTMLElement>('.present-try'),
    tryItems: [...root.querySelectorAll<HTMLElement>('.present-tries li')],
    sqlBlocks: [...root.querySelectorAll<HTMLElement>('.present-sql')],
    expectations: [...root.querySelectorAll<HTMLElement>('.present-expect')],
  };
}

export type PresenterDom = ReturnType<typeof presenterDom>;

/** Wrapped lines hang under their own indentation, so a wrapped line never reads as a new one. */
export function hangWrappedLines(root: HTMLElement): void {
  for (const line of root.querySelectorAll<HTMLElement>('.present-sql .line')) {
    const indent = /^ */.exec(line.textContent ?? '')?.[0].length ?? 0;
    line.style.setProperty('--indent', String(indent));
  }
}
