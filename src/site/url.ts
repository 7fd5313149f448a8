/** A path of the site under its base (`astro build --base /sub/`): `url('lessons/rules/')`. */
export function url(path = ''): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return `${base}${path.replace(/^\//, '')}`;
}
