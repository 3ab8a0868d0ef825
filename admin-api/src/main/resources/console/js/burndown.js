// The burndown: accounts still on PPTP per day (active + dormant + cut-over issued), the migrated ones,
// a straight projection to zero at the rate of the last RATE_DAYS days, and the sunset date as a line.
export const RATE_DAYS = 14;
const HORIZON_DAYS = 730; // the chart runs at most two years past today

export function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function stillOnPptp(day) {
  return day['pptp-active'] + day['pptp-dormant'] + day['cutover-issued'];
}

/** The chart's series from the API's history (oldest first), today and the sunset date (or null). */
export function series(history, today, sunset) {
  const labels = history.map((d) => d.date);
  const remaining = history.map(stillOnPptp);
  const migrated = history.map((d) => d.migrated);
  const n = Math.min(RATE_DAYS, remaining.length - 1);
  const last = remaining.length ? remaining[remaining.length - 1] : 0;
  const rate = n > 0 ? (remaining[remaining.length - 1 - n] - last) / n : 0; // accounts off PPTP per day
  const horizon = addDays(today, HORIZON_DAYS);
  let end = labels.length ? labels[labels.length - 1] : today;
  let zeroDate = null;
  if (rate > 0 && last > 0) {
    zeroDate = addDays(end, Math.ceil(last / rate));
    end = zeroDate < horizon ? zeroDate : horizon;
  }
  const sunsetShown = sunset && sunset >= labels[0] && sunset <= horizon;
  if (sunsetShown && sunset > end) end = sunset;
  const projection = remaining.map((v, i) => (i === remaining.length - 1 && rate > 0 ? v : null));
  for (let d = addDays(labels[labels.length - 1] || today, 1), k = 1; d <= end; d = addDays(d, 1), k++) {
    labels.push(d);
    projection.push(rate > 0 ? Math.max(0, last - rate * k) : null);
  }
  const top = Math.max(1, ...remaining, ...migrated);
  const sunsetLine = sunsetShown ? [{ x: sunset, y: 0 }, { x: sunset, y: top }] : [];
  return { labels, remaining, migrated, projection, sunsetLine, rate, zeroDate, sunsetShown };
}

export function draw(canvas, s) {
  const datasets = [
    { label: 'Still on PPTP', data: s.remaining, borderColor: '#d97706', backgroundColor: 'rgba(217,119,6,.15)', fill: true, pointRadius: 0, tension: 0.1 },
    { label: 'Migrated', data: s.migrated, borderColor: '#15803d', pointRadius: 0, tension: 0.1 },
    { label: 'Projection at the current rate', data: s.projection, borderColor: '#2457c5', borderDash: [6, 4], pointRadius: 0, spanGaps: false },
    { label: 'Sunset', data: s.sunsetLine, borderColor: '#b42318', borderWidth: 2, pointRadius: 0 },
  ];
  const existing = window.Chart.getChart(canvas);
  if (existing) {
    existing.data.labels = s.labels;
    existing.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
    existing.update('none');
    return existing;
  }
  return new window.Chart(canvas, {
    type: 'line',
    data: { labels: s.labels, datasets },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { ticks: { maxTicksLimit: 12 } },
        y: { beginAtZero: true, title: { display: true, text: 'accounts' }, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}
