import { el } from '../ui/dom';
import type { EditorHandle } from './editor/createEditor';
import type { SchemaStore } from './editor/SchemaStore';

export interface LazyEditorOptions {
  /** The highlighted SQL the editor replaces, at the same height. */
  code: HTMLElement | null;
  doc: string;
  label: string;
  schema: SchemaStore;
  run(): void;
  /** Shift+Enter: run, then move to what comes next. */
  runAndNext?: () => void;
  changed(text: string): void;
}

/**
 * SQL that stays highlighted text until the learner edits it (a click into it, or Enter on it): only
 * then is the editor's code loaded, so a page that is only read and run stays light.
 */
export class LazyEditor {
  readonly #options: LazyEditorOptions;
  #editor: EditorHandle | undefined;
  #loading: Promise<EditorHandle> | undefined;
  #text: string;

  constructor(options: LazyEditorOptions) {
    this.#options = options;
    this.#text = options.doc;
    options.code?.addEventListener('click', () => void this.load(true));
    options.code?.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      event.preventDefault();
      if (event.ctrlKey || event.metaKey) options.run();
      else if (event.shiftKey) (options.runAndNext ?? options.run)();
      else void this.load(true);
    });
  }

  get text(): string {
    return this.#editor?.text() ?? this.#text;
  }

  get loaded(): EditorHandle | undefined {
    return this.#editor;
  }

  /** Turns the highlighted SQL into an editor (once), focused if asked. */
  load(focus: boolean): Promise<EditorHandle> {
    this.#loading ??= import('./editor/createEditor').then(({ createEditor }) => {
      const { code } = this.#options;
      const holder = el('div', { className: 'step-editor' });
      // Keep the highlighted SQL's height until the editor has drawn, so nothing below it jumps.
      if (code) holder.style.minHeight = `${code.offsetHeight}px`;
      code?.replaceWith(holder);
      this.#editor = createEditor({
        parent: holder,
        doc: this.#text,
        label: this.#options.label,
        schema: this.#options.schema,
        run: this.#options.run,
        ...(this.#options.runAndNext ? { runAndNext: this.#options.runAndNext } : {}),
        changed: this.#options.changed,
      });
      requestAnimationFrame(() => holder.style.removeProperty('min-height'));
      return this.#editor;
    });
    return this.#loading.then((editor) => {
      if (focus) editor.focus();
      return editor;
    });
  }

  /** Puts SQL in, loading the editor for it. */
  async set(text: string): Promise<void> {
    (await this.load(false)).setText(text);
  }
}
