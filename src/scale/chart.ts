/** One measurement: how long a migration held locks writes wait for, on a history of `users`. */
export interface WaitPoint {
  variant: 'locked' | 'online';
  users: number;
  ms: number;
}

export interface Chart {
  width: number;
  height: number;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  series: { variant: 'locked' | 'online'; path: string; dots: { x: number; y: number; label: string }[] }[];
}

const margin = { left: 56, right: 72, top: 16, bottom: 40 };
const log = Math.log10;
const usersLabel = (users: number) =>
  users >= 1_000_000 ? `${users / 1_000_000}M` : users >= 1000 ? `${users / 1000}k` : String(users);
const msLabel = (ms: number) => (ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`);

/**
 * Wait against history, both axes logarithmic (the locked migration's wait grows a hundredfold
 * from 10k to 1M users; the online one's should not move): tick positions, one path per migration.
 */
export function chartOf(points: WaitPoint[], sizes: number[], width = 480, height = 260): Chart {
  const xMin = log(Math.min(...sizes));
  const xMax = log(Math.max(...sizes));
  const top = Math.max(1000, ...points.map((point) => point.ms));
  const yMax = Math.ceil(log(top));
  const yMin = 0;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = (users: number) =>
    margin.left + (xMax === xMin ? plotWidth / 2 : ((log(users) - xMin) / (xMax - xMin)) * plotWidth);
  // Anything under a millisecond sits on the floor of the chart.
  const y = (ms: number) =>
    margin.top + plotHeight - ((Math.max(log(Math.max(ms, 1)), yMin) - yMin) / (yMax - yMin)) * plotHeight;
  const yTicks = Array.from({ length: yMax - yMin + 1 }, (_, index) => {
    const ms = 10 ** (yMin + index);
    return { y: y(ms), label: msLabel(ms) };
  });
  const series = (['locked', 'online'] as const).map((variant) => {
    const mine = points.filter((point) => point.variant === variant).sort((a, b) => a.users - b.users);
    const dots = mine.map((point) => ({
      x: x(point.users),
      y: y(point.ms),
      label: `${variant}, ${point.users.toLocaleString('en')} users: ${Math.round(point.ms).toLocaleString('en')} ms`,
    }));
    const path = dots
      .map((dot, index) => `${index ? 'L' : 'M'}${dot.x.toFixed(1)},${dot.y.toFixed(1)}`)
      .join(' ');
    return { variant, path, dots };
  });
  return {
    width,
    height,
    xTicks: sizes.map((users) => ({ x: x(users), label: usersLabel(users) })),
    yTicks,
    series,
  };
}
