import { counts, parseProgress } from './progress';

const key = 'cqrs-in-postgres:progress:v1';

/**
 * Marks every lesson in the sidebar with how much of it is done ("3 of 9", or a tick when all of
 * it is), from the progress kept in this browser. Runs on every page; follows other tabs too.
 */
function mark() {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return;
  }
  const { progress } = parseProgress(raw);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-progress-lesson]')) {
    const slug = link.dataset['progressLesson'] ?? '';
    const items = JSON.parse(link.dataset['progressItems'] ?? '{"steps":[],"exercises":[]}') as {
      steps: string[];
      exercises: string[];
    };
    const { done, total } = counts(progress, { slug, ...items });
    let badge = link.querySelector<HTMLElement>('.progress-badge');
    if (done === 0) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'progress-badge';
      link.append(' ', badge);
    }
    badge.dataset['complete'] = String(done === total);
    // Short on screen, whole words for screen readers (a span cannot carry an aria-label).
    const shown = document.createElement('span');
    shown.setAttribute('aria-hidden', 'true');
    shown.textContent = done === total ? '✓' : `${done}/${total}`;
    const said = document.createElement('span');
    said.className = 'visually-hidden';
    said.textContent = done === total ? '(done)' : `(${done} of ${total} done)`;
    badge.replaceChildren(shown, said);
  }
}

mark();
window.addEventListener('storage', (event) => {
  if (event.key === key) mark();
});
window.addEventListener('cqrs-progress', mark);
