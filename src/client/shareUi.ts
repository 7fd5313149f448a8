import { encodeShare, type Shared } from '../share/shareLink';
import { button, el } from '../ui/dom';

/**
 * A "Share" button: builds a link to this page that carries the SQL, copies it when the browser
 * lets it, and always shows it, selected, to copy by hand.
 */
export function shareButton(target: Omit<Shared, 'sql'>, sql: () => string, label: string): HTMLElement {
  const box = el('span', { className: 'share' });
  const field = el('input', {
    className: 'share-link',
    attrs: { type: 'text', readonly: '', 'aria-label': `Link to ${label} with this SQL`, hidden: '' },
  });
  const said = el('span', { className: 'share-said', attrs: { role: 'status' } });
  const share = button('Share', async () => {
    const url = new URL(window.location.href);
    url.hash = await encodeShare({ ...target, sql: sql() });
    field.value = url.href;
    field.hidden = false;
    field.select();
    try {
      await navigator.clipboard.writeText(url.href);
      said.textContent = 'Link copied.';
    } catch {
      said.textContent = 'Copy the link.';
    }
  });
  share.setAttribute('aria-label', `Share a link to ${label} with this SQL`);
  box.append(share, ' ', field, ' ', said);
  return box;
}

/**
 * Shows SQL that arrived in a share link, marked as shared: it is not run, and not put in the
 * editor (where it would replace the learner's own saved edit) until they choose.
 */
export function offerShared(notice: HTMLElement, sql: string, use: () => void): void {
  const dismiss = button('Dismiss', () => {
    notice.hidden = true;
  });
  notice.replaceChildren(
    el('strong', { text: 'Shared with you through a link. ' }),
    'It has not run, and your own SQL here is unchanged.',
    el('pre', { className: 'shared-sql', text: sql }),
    button(
      'Put it in the editor',
      () => {
        use();
        notice.hidden = true;
      },
      'button button-primary',
    ),
    ' ',
    dismiss,
  );
  notice.classList.add('step-notice-shared');
  notice.hidden = false;
}
