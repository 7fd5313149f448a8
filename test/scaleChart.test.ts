import { describe, expect, test } from 'vitest';
import { chartOf } from '../src/scale/chart';

describe('the chart of write waits against history', () => {
  const sizes = [10_000, 100_000, 1_000_000];

  test('puts each size on a logarithmic axis, evenly spaced, and labels it', () => {
    const chart = chartOf([], sizes);
    expect(chart.xTicks.map((tick) => tick.label)).toEqual(['10k', '100k', '1M']);
    const [a, b, c] = chart.xTicks.map((tick) => tick.x);
    expect((b ?? 0) - (a ?? 0)).toBeCloseTo((c ?? 0) - (b ?? 0));
  });

  test('draws a growing locked line above a flat online one, and says every point in words', () => {
    const chart = chartOf(
      [
        { variant: 'locked', users: 10_000, ms: 60 },
        { variant: 'locked', users: 100_000, ms: 600 },
        { variant: 'online', users: 10_000, ms: 3 },
        { variant: 'online', users: 100_000, ms: 3 },
      ],
      sizes,
    );
    const locked = chart.series.find((series) => series.variant === 'locked');
    const online = chart.series.find((series) => series.variant === 'online');
    expect(locked?.dots[1]?.y).toBeLessThan(locked?.dots[0]?.y ?? 0);
    expect(online?.dots[0]?.y).toBeCloseTo(online?.dots[1]?.y ?? 0);
    expect(online?.dots[0]?.y).toBeGreaterThan(locked?.dots[0]?.y ?? 0);
    expect(locked?.path).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    expect(locked?.dots.map((dot) => dot.label)).toEqual([
      'locked, 10,000 users: 60 ms',
      'locked, 100,000 users: 600 ms',
    ]);
    expect(chart.yTicks.map((tick) => tick.label)).toEqual(['1 ms', '10 ms', '100 ms', '1 s']);
  });

  test('keeps a wait under a millisecond on the chart, at its floor', () => {
    const chart = chartOf([{ variant: 'online', users: 10_000, ms: 0.2 }], sizes);
    const floor = Math.max(...chart.yTicks.map((tick) => tick.y));
    expect(chart.series[1]?.dots[0]?.y).toBeCloseTo(floor);
  });
});
