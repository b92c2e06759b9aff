import { METRIC_IDS, STATUS_COLOURS } from './format.js';
import { label, metricName, t } from './i18n.js';

const charts = new Map();

/** One ECharts instance per element, resized with the window (laptop to wall screen). */
function chartOn(element) {
  let chart = charts.get(element);
  if (!chart) {
    chart = echarts.init(element, null, { renderer: 'canvas' });
    charts.set(element, chart);
  }
  return chart;
}

window.addEventListener('resize', () => charts.forEach((chart) => chart.resize()));

/** Rows × M1..M7 heat map of the ratios (percent); a click on a row's cell drills into the row. */
export function renderHeatmap(element, rows, onDrill) {
  const chart = chartOn(element);
  const names = rows.map((row) => row.name);
  const cells = rows.flatMap((row, y) => METRIC_IDS.map((id, x) => ({ value: [x, y, row.metrics?.[id]?.ratio == null ? '-' : Math.round(row.metrics[id].ratio * 1000) / 10], targeted: row.metrics?.[id]?.target != null })));
  const cellLabel = { show: true, formatter: (p) => (p.value[2] === '-' ? '' : `${p.value[2]}`) };
  chart.setOption(
    {
      animation: false,
      tooltip: { formatter: (p) => `${names[p.value[1]]}<br>${METRIC_IDS[p.value[0]]} ${metricName(METRIC_IDS[p.value[0]])}: ${p.value[2]}%` },
      grid: { left: 8, right: 8, top: 8, bottom: 48, containLabel: true },
      xAxis: { type: 'category', data: METRIC_IDS },
      yAxis: { type: 'category', data: names, inverse: true },
      visualMap: { seriesIndex: 0, min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#d64545', '#e0a100', '#2e9d5b'] }, text: ['100%', '0%'] },
      // A metric without a number to meet (M7: 推行, no figure) is shown in grey, as the table does: not red for failing.
      series: [
        { type: 'heatmap', data: cells.filter((c) => c.targeted).map((c) => c.value), label: cellLabel },
        { type: 'heatmap', data: cells.filter((c) => !c.targeted).map((c) => c.value), label: cellLabel, itemStyle: { color: '#c9d1db' } },
      ],
    },
    true,
  );
  chart.off('click');
  if (onDrill) chart.on('click', (p) => onDrill(rows[p.value[1]]));
}

/** The plan's milestones on a time line: due dates, and each unit's evidence day coloured by status. */
export function renderMilestoneTimeline(element, items, asOf) {
  const chart = chartOn(element);
  const milestones = [...new Set(items.map((item) => item.milestone))];
  const statuses = ['done_on_time', 'done_late', 'overdue', 'pending', 'progress'];
  const dues = milestones.map((m) => [items.find((item) => item.milestone === m).due, label(m)]);
  chart.setOption(
    {
      animation: false,
      legend: { top: 0, data: [t('due'), ...statuses.map(label)] },
      tooltip: { trigger: 'item', formatter: (p) => `${p.seriesName}<br>${p.value[1]}<br>${p.value[0]}${p.value[2] ? ` · ${p.value[2]}` : ''}` },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: milestones.map(label), inverse: true },
      series: [
        { name: t('due'), type: 'scatter', symbol: 'diamond', symbolSize: 18, itemStyle: { color: '#1f2d3d' }, data: dues, markLine: { symbol: 'none', label: { formatter: asOf, position: 'start' }, lineStyle: { color: '#5b8def' }, data: [{ xAxis: asOf }] } },
        ...statuses.map((status) => ({
          name: label(status),
          type: 'scatter',
          symbolSize: 9,
          itemStyle: { color: STATUS_COLOURS[status], opacity: 0.75 },
          data: items.filter((item) => item.status === status).map((item) => [item.doneOn ?? asOf, label(item.milestone), item.unitName]),
        })),
      ],
    },
    true,
  );
}

/** Claims per status: how many (bars) and how much claimed, approved and paid. */
export function renderClaimsChart(element, summary) {
  const chart = chartOn(element);
  const statuses = summary.map((row) => label(row.status));
  chart.setOption(
    {
      animation: false,
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      // Every status named under its bar: ECharts would otherwise drop every other label at this width.
      xAxis: { type: 'category', data: statuses, axisLabel: { interval: 0 } },
      yAxis: [
        { type: 'value', name: t('count') },
        { type: 'value', name: t('amount') },
      ],
      series: [
        { name: t('count'), type: 'bar', data: summary.map((row) => ({ value: row.count, itemStyle: { color: STATUS_COLOURS[row.status] } })) },
        { name: t('claimed'), type: 'line', yAxisIndex: 1, data: summary.map((row) => row.claimed) },
        { name: t('approved'), type: 'line', yAxisIndex: 1, data: summary.map((row) => row.approved) },
        { name: t('paid'), type: 'line', yAxisIndex: 1, data: summary.map((row) => row.paid) },
      ],
    },
    true,
  );
}
