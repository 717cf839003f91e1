import { useTranslation } from "react-i18next";
import { axisTicks, linePoints, scale, shortLabel, stackSegments, textWidth } from "~/domain/tracker-charts";
import { shadeLevel } from "~/domain/tracker";
import { formatNumber } from "~/utils/format";

// Charts drawn on the server as plain SVG. Each is an image with a title and a
// description for screen readers, tells its series apart by pattern or line style
// as well as by colour (and so prints in black and white), and carries its figures
// in a table behind a disclosure.

export type TableData = {
  /** The table's name for screen readers, when it is not the chart's title (the table sums what the chart shows). */
  label?: string;
  head: string[];
  rows: { key: string; header: React.ReactNode; cells: React.ReactNode[] }[];
};

export function ChartFigure({
  id, title, description, table, children,
}: { id: string; title: string; description: string; table: TableData; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure className="chart">
      <figcaption className="chart-caption">{title}</figcaption>
      {children}
      <details className="chart-data">
        <summary>{t("tracker:charts.showTable")}</summary>
        <div className="table-scroll" tabIndex={0}>
          <table aria-label={table.label ?? title}>
            <thead>
              <tr>
                {table.head.map((h, i) => (
                  <th key={h} scope="col" className={i ? "num" : undefined}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.header}</th>
                  {row.cells.map((cell, i) => <td key={i} className="num">{cell}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/**
 * The <svg> element every chart uses: an image named by its title and described by
 * its description, drawn at its own size so that its text is never shrunk below the
 * size it was set in; a frame narrower than the chart (a phone) scrolls sideways.
 */
function ChartSvg({ id, title, description, width, height, children }: {
  id: string; title: string; description: string; width: number; height: number; children: React.ReactNode;
}) {
  return (
    <div className="chart-frame" tabIndex={0}>
      <svg
        role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`}
        width={width} height={height} className="chart-svg" focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
    </div>
  );
}

// ---- Series styles: colour, and a second cue that survives greyscale and colour blindness.

export type SeriesStyle = "primary" | "secondary" | "tertiary";

const LINE_STYLES: Record<SeriesStyle, { stroke: string; dash?: string; width: number; marker: "circle" | "square" | "triangle" }> = {
  primary: { stroke: "#57606a", width: 2, marker: "circle" },
  secondary: { stroke: "#a4161a", dash: "6 4", width: 2.5, marker: "square" },
  tertiary: { stroke: "#1a7f37", dash: "2 3", width: 3, marker: "triangle" },
};

function Marker({ kind, x, y, color }: { kind: "circle" | "square" | "triangle"; x: number; y: number; color: string }) {
  if (kind === "circle") return <circle cx={x} cy={y} r={3} fill={color} />;
  if (kind === "square") return <rect x={x - 3} y={y - 3} width={6} height={6} fill={color} />;
  return <path d={`M${x} ${y - 4} L${x + 4} ${y + 3} L${x - 4} ${y + 3} Z`} fill={color} />;
}

/** Fills for the parts of a bar: solid, hatched, light. Patterns live in the chart's own <defs>. */
function BarPatterns({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#f2cc60" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#6b4b00" strokeWidth="2.5" />
      </pattern>
      <pattern id={`${id}-dots`} width="6" height="6" patternUnits="userSpaceOnUse">
        <rect width="6" height="6" fill="#dde3ea" />
        <circle cx="3" cy="3" r="1.2" fill="#57606a" />
      </pattern>
    </defs>
  );
}

const barFill = (id: string, style: SeriesStyle) =>
  style === "primary" ? "#1a7f37" : style === "secondary" ? `url(#${id}-hatch)` : `url(#${id}-dots)`;

function Legend({ id, items, kind, y = 0 }: { id: string; items: { label: string; style: SeriesStyle }[]; kind: "line" | "bar"; y?: number }) {
  let x = 0;
  return (
    <g className="chart-legend" transform={`translate(0 ${y})`}>
      {items.map((item) => {
        const at = x;
        x += (kind === "line" ? 34 : 24) + textWidth(item.label) + 24;
        const line = LINE_STYLES[item.style];
        return (
          <g key={item.label} transform={`translate(${at} 0)`}>
            {kind === "line" ? (
              <>
                <line x1={0} x2={28} y1={8} y2={8} stroke={line.stroke} strokeWidth={line.width} strokeDasharray={line.dash} />
                <Marker kind={line.marker} x={14} y={8} color={line.stroke} />
              </>
            ) : (
              <rect x={0} y={1} width={18} height={14} fill={barFill(id, item.style)} stroke="#1f2328" strokeWidth={0.5} />
            )}
            <text x={kind === "line" ? 34 : 24} y={12}>{item.label}</text>
          </g>
        );
      })}
    </g>
  );
}

// ---- Line chart: a few series over many categories (months)

export function LineChart({
  id, title, description, categories, categoryLabel, series, table,
}: {
  id: string;
  title: string;
  description: string;
  categories: string[];
  /** The label shown under the axis for category i, or null to leave it out. */
  categoryLabel: (category: string, index: number) => string | null;
  series: { label: string; style: SeriesStyle; values: number[] }[];
  table: TableData;
}) {
  const { i18n } = useTranslation();
  const width = 760;
  const plot = { left: 52, top: 34, width: 690, height: 220 };
  const height = plot.top + plot.height + 44;
  const ticks = axisTicks(Math.max(0, ...series.flatMap((s) => s.values)));
  const max = ticks[ticks.length - 1];
  const showMarkers = categories.length <= 40;
  const step = categories.length > 1 ? plot.width / (categories.length - 1) : 0;
  return (
    <ChartFigure id={id} title={title} description={description} table={table}>
      <ChartSvg id={id} title={title} description={description} width={width} height={height}>
        <Legend id={id} items={series} kind="line" y={4} />
        <g transform={`translate(${plot.left} ${plot.top})`}>
          {ticks.map((tick) => {
            const y = plot.height - scale(tick, max, plot.height);
            return (
              <g key={tick}>
                <line x1={0} x2={plot.width} y1={y} y2={y} className="chart-grid" />
                <text x={-6} y={y + 4} textAnchor="end">{formatNumber(tick, i18n.language)}</text>
              </g>
            );
          })}
          <line x1={0} x2={plot.width} y1={plot.height} y2={plot.height} className="chart-axis" />
          {categories.map((category, i) => {
            const label = categoryLabel(category, i);
            if (!label) return null;
            const x = categories.length > 1 ? i * step : plot.width / 2;
            return (
              <g key={category}>
                <line x1={x} x2={x} y1={plot.height} y2={plot.height + 5} className="chart-axis" />
                <text x={x} y={plot.height + 20} textAnchor="middle">{label}</text>
              </g>
            );
          })}
          {series.map((s) => {
            const style = LINE_STYLES[s.style];
            const points = linePoints(s.values, { max, width: plot.width, height: plot.height });
            return (
              <g key={s.label}>
                <polyline
                  points={points.map(([x, y]) => `${x},${y}`).join(" ")} fill="none"
                  stroke={style.stroke} strokeWidth={style.width} strokeDasharray={style.dash} strokeLinejoin="round"
                />
                {showMarkers ? points.map(([x, y], i) => <Marker key={i} kind={style.marker} x={x} y={y} color={style.stroke} />) : null}
              </g>
            );
          })}
        </g>
      </ChartSvg>
    </ChartFigure>
  );
}

// ---- Horizontal bars: one row per item, parts stacked or side by side

export type BarRow = { key: string; label: string; values: number[]; note?: string };

export function BarChart({
  id, title, description, rows, series, mode, table,
}: {
  id: string;
  title: string;
  description: string;
  rows: BarRow[];
  series: { label: string; style: SeriesStyle }[];
  mode: "stacked" | "grouped";
  table: TableData;
}) {
  const { i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const labelWidth = 250;
  const plotWidth = 420;
  const barHeight = mode === "stacked" ? 16 : 12;
  const rowHeight = mode === "stacked" ? 26 : series.length * (barHeight + 2) + 12;
  const top = 34;
  const height = top + rows.length * rowHeight + 24;
  const totals = rows.map((r) => (mode === "stacked" ? r.values.reduce((a, b) => a + b, 0) : Math.max(0, ...r.values)));
  const ticks = axisTicks(Math.max(0, ...totals));
  const max = ticks[ticks.length - 1];
  return (
    <ChartFigure id={id} title={title} description={description} table={table}>
      <ChartSvg id={id} title={title} description={description} width={labelWidth + plotWidth + 90} height={height}>
        <BarPatterns id={id} />
        <Legend id={id} items={series} kind="bar" y={4} />
        <g transform={`translate(${labelWidth} ${top})`}>
          {ticks.map((tick) => {
            const x = scale(tick, max, plotWidth);
            return (
              <g key={tick}>
                <line x1={x} x2={x} y1={0} y2={rows.length * rowHeight} className="chart-grid" />
                <text x={x} y={rows.length * rowHeight + 16} textAnchor="middle">{n(tick)}</text>
              </g>
            );
          })}
        </g>
        {rows.map((row, i) => {
          const y = top + i * rowHeight;
          return (
            <g key={row.key} transform={`translate(0 ${y})`}>
              <text x={labelWidth - 8} y={rowHeight / 2 + 4} textAnchor="end">{shortLabel(row.label, 34)}</text>
              <g transform={`translate(${labelWidth} 0)`}>
                {mode === "stacked" ? (
                  <>
                    {stackSegments(row.values, { max, length: plotWidth }).map((segment, k) =>
                      segment.width > 0 ? (
                        <rect
                          key={k} x={segment.x} y={(rowHeight - barHeight) / 2} width={segment.width} height={barHeight}
                          fill={barFill(id, series[k].style)} stroke="#1f2328" strokeWidth={0.5}
                        />
                      ) : null,
                    )}
                    <text x={scale(totals[i], max, plotWidth) + 6} y={rowHeight / 2 + 4} className="chart-value">{row.note ?? n(totals[i])}</text>
                  </>
                ) : (
                  row.values.map((value, k) => {
                    const w = scale(value, max, plotWidth);
                    const by = 6 + k * (barHeight + 2);
                    return (
                      <g key={k}>
                        <rect x={0} y={by} width={w} height={barHeight} fill={barFill(id, series[k].style)} stroke="#1f2328" strokeWidth={0.5} />
                        <text x={w + 6} y={by + barHeight - 2} className="chart-small chart-value">{n(value)}</text>
                      </g>
                    );
                  })
                )}
              </g>
            </g>
          );
        })}
      </ChartSvg>
    </ChartFigure>
  );
}

// ---- Grid coverage: one square per grid, grouped under community and street

export type CoverageMapStreet = {
  id: number;
  name: string;
  communities: { id: number; name: string; grids: { id: number; code: string; name: string; collected: number }[] }[];
};

const SHADES = ["#ffffff", "#dbe9f6", "#9ecae1", "#4292c6", "#08519c"] as const;

export function CoverageMap({
  id, title, description, streets, legend, gridLabel, table,
}: {
  id: string;
  title: string;
  description: string;
  streets: CoverageMapStreet[];
  /** Labels of the shades: gap first, then from few opinions to many. */
  legend: [string, string, string, string, string];
  gridLabel: (grid: { name: string; collected: number }) => string;
  table: TableData;
}) {
  // Communities sit in columns, each a name and its grids' squares, wrapping after `perRow` squares.
  const size = 16;
  const gap = 3;
  const perRow = 6;
  const labelWidth = 112;
  const columnWidth = labelWidth + perRow * (size + gap) + 18;
  const columns = 3;
  const width = columns * columnWidth;
  const fill = (level: number) => (level === 0 ? `url(#${id}-gap)` : SHADES[level]);

  const legendItems: { label: string; x: number; y: number; level: number }[] = [];
  let lx = 0;
  let ly = 4;
  legend.forEach((label, level) => {
    const itemWidth = size + 8 + textWidth(label) + 20;
    if (lx > 0 && lx + itemWidth > width) {
      lx = 0;
      ly += size + 8;
    }
    legendItems.push({ label, x: lx, y: ly, level });
    lx += itemWidth;
  });

  let y = ly + size + 20;
  const layout = streets.map((street) => {
    const streetY = y;
    y += 24;
    const rows: { community: CoverageMapStreet["communities"][number]; x: number; y: number }[] = [];
    for (let start = 0; start < street.communities.length; start += columns) {
      const line = street.communities.slice(start, start + columns);
      const lineHeight = Math.max(...line.map((c) => Math.ceil(Math.max(1, c.grids.length) / perRow))) * (size + gap) + 8;
      line.forEach((community, k) => rows.push({ community, x: k * columnWidth, y }));
      y += lineHeight;
    }
    y += 8;
    return { street, y: streetY, rows };
  });
  return (
    <ChartFigure id={id} title={title} description={description} table={table}>
      <ChartSvg id={id} title={title} description={description} width={width} height={y + 4}>
        <defs>
          <pattern id={`${id}-gap`} width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="5" height="5" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="5" stroke="#b3261e" strokeWidth="1.2" />
          </pattern>
        </defs>
        <g className="chart-legend">
          {legendItems.map((item) => (
            <g key={item.label} transform={`translate(${item.x} ${item.y})`}>
              <rect width={size} height={size} fill={fill(item.level)} stroke="#1f2328" strokeWidth={0.75} />
              <text x={size + 6} y={size - 3}>{item.label}</text>
            </g>
          ))}
        </g>
        {layout.map(({ street, y: streetY, rows }) => (
          <g key={street.id}>
            <text x={0} y={streetY + 14} className="chart-heading">{street.name}</text>
            {rows.map(({ community, x, y: rowY }) => (
              <g key={community.id} transform={`translate(${x} ${rowY})`}>
                <text x={0} y={size - 3}>{shortLabel(community.name, 16)}</text>
                {community.grids.map((grid, i) => (
                  <rect
                    key={grid.id} x={labelWidth + (i % perRow) * (size + gap)} y={Math.floor(i / perRow) * (size + gap)}
                    width={size} height={size} fill={fill(shadeLevel(grid.collected))} stroke="#1f2328" strokeWidth={0.75}
                  >
                    <title>{gridLabel(grid)}</title>
                  </rect>
                ))}
              </g>
            ))}
          </g>
        ))}
      </ChartSvg>
    </ChartFigure>
  );
}
