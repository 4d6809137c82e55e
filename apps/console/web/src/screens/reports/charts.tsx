import type { ReactNode } from 'react';

/**
 * Small charts drawn as SVG by hand: no chart library in the bundle. Each chart is an image with
 * an accessible name that says what it shows, every mark has a <title> with its figure, and
 * values are written next to the marks, so nothing is told by colour alone.
 */

export const SCHEDULED = 'var(--mantine-color-blue-8)';
export const ACTUAL = 'var(--mantine-color-teal-7)';
const AXIS = 'var(--mantine-color-gray-6)';
const TEXT = 'var(--mantine-color-gray-9)';

function Figure({
  label,
  width,
  height,
  children,
  testId,
}: {
  label: string;
  width: number;
  height: number;
  children: ReactNode;
  testId: string;
}) {
  return (
    <svg
      role="img"
      aria-label={label}
      data-testid={testId}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width, display: 'block' }}
    >
      {children}
    </svg>
  );
}

export interface PairedSeries {
  label: string;
  a: number | null;
  b: number | null;
}

/** Two bars per category (e.g. scheduled and actual utilization per day), values 0..1 shown as %. */
export function PairedBars({
  label,
  data,
  names,
  format,
  testId,
}: {
  label: string;
  data: PairedSeries[];
  names: [string, string];
  format: (v: number) => string;
  testId: string;
}) {
  const height = 220;
  const top = 16;
  const bottom = 40;
  const left = 44;
  const group = Math.max(28, Math.min(64, 720 / Math.max(1, data.length)));
  const width = left + group * data.length + 8;
  const max = Math.max(1, ...data.flatMap((d) => [d.a ?? 0, d.b ?? 0]));
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  // A value above zero is drawn at least a pixel tall: a sliver of chair time is not an empty day.
  const barHeight = (v: number | null) => (v ? Math.max(1, y(0) - y(v)) : 0);
  const bar = (group - 8) / 2;
  return (
    <Figure label={label} width={width} height={height} testId={testId}>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={left} x2={width} y1={y(max * f)} y2={y(max * f)} stroke={AXIS} strokeWidth={0.5} />
          <text x={left - 4} y={y(max * f) + 4} fontSize={10} textAnchor="end" fill={TEXT}>
            {format(max * f)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const x = left + i * group + 4;
        return (
          <g key={d.label} data-testid={`${testId}-group`}>
            {([d.a, d.b] as const).map((v, k) => (
              <rect
                key={k}
                x={x + k * bar}
                y={y(0) - barHeight(v)}
                width={bar - 1}
                height={barHeight(v)}
                fill={k === 0 ? SCHEDULED : ACTUAL}
                fillOpacity={k === 0 ? 1 : 0.85}
              >
                <title>{`${d.label} ${names[k]}: ${v === null ? '–' : format(v)}`}</title>
              </rect>
            ))}
            <text x={x + bar} y={height - bottom + 14} fontSize={10} textAnchor="middle" fill={TEXT}>
              {d.label}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}

export interface Bar {
  label: string;
  value: number | null;
  note?: string;
}

/** Horizontal bars with the value written at the end of each. */
export function HorizontalBars({
  label,
  data,
  format,
  testId,
  max,
}: {
  label: string;
  data: Bar[];
  format: (v: number) => string;
  testId: string;
  max?: number;
}) {
  const row = 26;
  const left = 200;
  const chart = 360;
  const width = left + chart + 120;
  const height = Math.max(row, data.length * row) + 8;
  const top = Math.max(max ?? 0, ...data.map((d) => d.value ?? 0), 1e-9);
  return (
    <Figure label={label} width={width} height={height} testId={testId}>
      {data.map((d, i) => {
        const w = d.value === null ? 0 : (chart * d.value) / top;
        const text = `${d.value === null ? '–' : format(d.value)}${d.note ? ` (${d.note})` : ''}`;
        return (
          <g key={d.label} data-testid={`${testId}-bar`}>
            <text x={left - 6} y={i * row + 17} fontSize={11} textAnchor="end" fill={TEXT}>
              {d.label}
            </text>
            <rect x={left} y={i * row + 5} width={Math.max(w, 1)} height={row - 10} fill={SCHEDULED}>
              <title>{`${d.label}: ${text}`}</title>
            </rect>
            <text x={left + Math.max(w, 1) + 6} y={i * row + 17} fontSize={11} fill={TEXT}>
              {text}
            </text>
          </g>
        );
      })}
    </Figure>
  );
}

export interface HeatCell {
  column: string;
  row: string;
  value: number;
}

/** Hours down, days across; each cell shaded by its value and carrying it as text. */
export function Heatmap({
  label,
  columns,
  rows,
  cells,
  max,
  describe,
  testId,
}: {
  label: string;
  columns: string[];
  rows: string[];
  cells: HeatCell[];
  max: number;
  describe: (cell: HeatCell) => string;
  testId: string;
}) {
  const cellW = Math.max(22, Math.min(48, 720 / Math.max(1, columns.length)));
  const cellH = 18;
  const left = 44;
  const top = 18;
  const width = left + cellW * columns.length + 4;
  const height = top + cellH * rows.length + 4;
  const at = new Map(cells.map((c) => [`${c.column}|${c.row}`, c]));
  return (
    <Figure label={label} width={width} height={height} testId={testId}>
      {columns.map((c, i) => (
        <text key={c} x={left + i * cellW + cellW / 2} y={12} fontSize={9} textAnchor="middle" fill={TEXT}>
          {c.slice(5)}
        </text>
      ))}
      {rows.map((r, j) => (
        <text key={r} x={left - 4} y={top + j * cellH + 13} fontSize={9} textAnchor="end" fill={TEXT}>
          {r}
        </text>
      ))}
      {columns.flatMap((c, i) =>
        rows.map((r, j) => {
          const cell = at.get(`${c}|${r}`);
          const v = cell?.value ?? 0;
          const share = max > 0 ? Math.min(1, v / max) : 0;
          return (
            <g key={`${c}|${r}`}>
              <rect
                x={left + i * cellW}
                y={top + j * cellH}
                width={cellW - 1}
                height={cellH - 1}
                fill={v > 0 ? SCHEDULED : 'var(--mantine-color-gray-1)'}
                fillOpacity={v > 0 ? 0.15 + 0.85 * share : 1}
                data-testid={v > 0 ? `${testId}-busy` : undefined}
                data-column={c}
              >
                <title>{cell ? describe(cell) : `${c} ${r}: 0`}</title>
              </rect>
              {v > 0 && (
                <text
                  x={left + i * cellW + cellW / 2}
                  y={top + j * cellH + 13}
                  fontSize={9}
                  textAnchor="middle"
                  fill={share > 0.5 ? '#fff' : TEXT}
                  aria-hidden
                >
                  {v}
                </text>
              )}
            </g>
          );
        }),
      )}
    </Figure>
  );
}

/** The two series' names with their swatches, in words. */
export function Legend({ items }: { items: Array<[name: string, colour: string]> }) {
  return (
    <div className="chart-legend">
      {items.map(([name, colour]) => (
        <span key={name}>
          <svg width={12} height={12} aria-hidden>
            <rect width={12} height={12} fill={colour} />
          </svg>{' '}
          {name}
        </span>
      ))}
    </div>
  );
}
