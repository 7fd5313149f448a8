/**
 * Shiki's themes for every SQL block on the site. One pair everywhere: Astro reuses a block's
 * highlighting across pages, so a page asking for other themes would get these anyway. Comments in
 * github-dark (#6a737d on #24292e) fall short of 4.5:1; github-dark-default's meet it.
 */
export const codeThemes = { light: 'github-light', dark: 'github-dark-default' } as const;
