/**
 * <lesson-runner> wraps a lesson page. The page reads fully without it; when it connects, it
 * loads the editor and engine code (a separate chunk) and makes every step runnable.
 */
class LessonRunner extends HTMLElement {
  #started = false;

  connectedCallback() {
    if (this.#started) return;
    this.#started = true;
    void import('./startLesson').then(({ startLesson }) => startLesson(this));
  }
}

if (!customElements.get('lesson-runner')) customElements.define('lesson-runner', LessonRunner);
