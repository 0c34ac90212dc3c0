// The monitoring dashboard: fetches the JSON reports (the customers report on the customer tab)
// with the admin token and draws them with Chart.js (served locally from node_modules). `window.monitoringDashboard` exposes the state so a
// browser test can wait for the charts.
/* global Chart */
(() => {
  const TOKEN_KEY = 'retention-service.adminToken';
  const COLORS = {
    stable: '#2e9d5b',
    moderate: '#e6a23c',
    major: '#d64545',
    'insufficient-data': '#a9b1bf',
    ink: '#1d2433',
    muted: '#5f6b7f',
    grid: '#e9edf4',
    blue: '#3563e9',
    violet: '#8b5cf6',
    teal: '#0f9b8e',
  };
  const state = { charts: {}, ready: false, error: null, loads: 0 };
  window.monitoringDashboard = state;

  const $ = (id) => document.getElementById(id);

  // ---- token -------------------------------------------------------------------------------------
  function takeTokenFromFragment() {
    const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
    if (!match) return;
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    // Keep the token out of the address bar and the history.
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  function askForToken(message) {
    const error = $('token-error');
    error.hidden = !message;
    error.textContent = message || '';
    const dialog = $('token-dialog');
    if (!dialog.open) dialog.showModal();
    $('token-input').focus();
  }

  // ---- formatting --------------------------------------------------------------------------------
  const nf = (digits) =>
    new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const fmt = (value, digits = 3) =>
    value === null || value === undefined || Number.isNaN(value) ? '—' : nf(digits).format(value);
  const pct = (share, digits = 1) =>
    share === null || share === undefined ? '—' : `${nf(digits).format(100 * share)} %`;
  const int = (value) => new Intl.NumberFormat('en-GB').format(value);
  function bucketLabel(ms, bucketMs) {
    const d = new Date(ms);
    const hhmm = d.toISOString().slice(11, 16);
    return bucketMs >= 86_400_000
      ? d.toISOString().slice(5, 10)
      : bucketMs >= 3_600_000 && d.getUTCHours() === 0
        ? `${d.toISOString().slice(5, 10)} ${hhmm}`
        : hhmm;
  }
  function el(tag, attrs = {}, children = []) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  }
  function table(headers, rows, numeric) {
    if (rows.length === 0) return el('p', { class: 'empty', text: 'Nothing in this period.' });
    const head = el(
      'tr',
      {},
      headers.map((h, i) => el('th', { class: numeric[i] ? 'num' : '', text: h })),
    );
    const body = rows.map((r) =>
      el(
        'tr',
        {},
        r.map((cell, i) =>
          cell instanceof Node
            ? el('td', {}, [cell])
            : el('td', { class: numeric[i] ? 'num' : '', text: cell }),
        ),
      ),
    );
    return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  // ---- data --------------------------------------------------------------------------------------
  async function fetchReport(name, params) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const response = await fetch(`/monitoring/${name}?${params}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.ok) return response.json();
    const problem = await response.json().catch(() => ({}));
    // Only a token problem asks for the token again; a 503 report-unavailable is worth a refresh.
    if (response.status === 401 || problem.type === '/problems/admin-disabled') {
      const error = new Error(problem.detail || `HTTP ${response.status}`);
      error.auth = true;
      throw error;
    }
    throw new Error(`${name}: ${problem.detail || `HTTP ${response.status}`}`);
  }

  const segmentsShown = () => $('tab-segments').getAttribute('aria-selected') === 'true';

  async function load() {
    if (!sessionStorage.getItem(TOKEN_KEY)) {
      askForToken();
      return;
    }
    if (segmentsShown()) {
      return loadWith('segments', async () =>
        renderSegmentsView(await fetchReport('segments', new URLSearchParams({ since: $('since').value }))),
      );
    }
    const task = $('task').value;
    const params = new URLSearchParams({ since: $('since').value, window: $('window').value });
    const taskParams = new URLSearchParams({ since: $('since').value, window: $('window').value, task });
    return loadWith('reports', async () => {
      const [drift, quality, ops, performance, customers] = await Promise.all([
        fetchReport('drift', taskParams),
        fetchReport('quality', params),
        fetchReport('ops', params),
        fetchReport('performance', taskParams),
        task === 'customer-value' ? fetchReport('customers', params) : null,
      ]);
      render({ task, drift, quality, ops, performance, customers });
    });
  }

  /** Run one view's fetch-and-render with the status line, a token prompt on 401, and the load count. */
  async function loadWith(what, fetchAndRender) {
    setStatus('loading', ['Loading…']);
    try {
      await fetchAndRender();
      state.error = null;
    } catch (error) {
      state.error = error.message;
      if (error.auth) {
        sessionStorage.removeItem(TOKEN_KEY);
        askForToken(error.message);
      }
      setStatus('alert', [`Could not load the ${what}: ${error.message}`]);
    } finally {
      state.loads++;
    }
  }

  function setStatus(kind, lines) {
    const box = $('status');
    box.className = `status ${kind}`;
    box.replaceChildren();
    if (kind === 'alert' && lines.length > 1) {
      box.append(el('strong', { text: `${lines.length} threshold${lines.length === 1 ? '' : 's'} crossed` }));
      box.append(
        el(
          'ul',
          {},
          lines.map((l) => el('li', { text: l })),
        ),
      );
    } else {
      box.textContent = lines.join(' ');
    }
  }

  // ---- rendering ---------------------------------------------------------------------------------
  function render({ task, drift, quality, ops, performance, customers }) {
    for (const span of document.querySelectorAll('[data-threshold]')) {
      span.textContent = String(drift.thresholds[span.dataset.threshold]);
    }
    $('period').textContent =
      `${new Date(drift.fromMs).toISOString().slice(0, 16).replace('T', ' ')} → ${new Date(drift.toMs)
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ')} UTC · buckets of ${formatDuration(drift.bucketMs)}`;
    const alerts = [...drift.alerts, ...quality.alerts, ...ops.alerts, ...performance.alerts];
    if (alerts.length)
      setStatus('alert', alerts.length === 1 ? [`1 threshold crossed: ${alerts[0]}`] : alerts);
    else setStatus('ok', ['All thresholds respected in this period.']);

    const driftReport = drift.reports[0] || null;
    const perfReport = performance.reports[0] || null;
    renderKpis({ task, driftReport, quality, ops, perfReport, customers });
    renderCustomers(customers);
    renderDrift(driftReport, drift.thresholds);
    renderPredictions(driftReport, drift.bucketMs);
    renderVolume(ops);
    renderLatency(ops);
    renderPerformance(task, perfReport, performance.bucketMs);
    renderOpsTable(ops);
    renderQualityOverTime(task, quality);
    renderQualityTable(quality);
    state.ready = true;
  }

  function formatDuration(ms) {
    if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
    if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
    return `${Math.round(ms / 60_000)} min`;
  }

  function kpi(label, value, unit, note, tone) {
    const valueNode = el('div', { class: 'value', text: value });
    if (unit) valueNode.append(el('small', { text: unit }));
    return el('div', { class: `kpi ${tone || ''}` }, [
      el('div', { class: 'label', text: label }),
      valueNode,
      el('div', { class: 'note', text: note }),
    ]);
  }

  function renderKpis({ task, driftReport, quality, ops, perfReport, customers }) {
    const t = ops.thresholds;
    const worstP99 = Math.max(0, ...ops.byEndpoint.map((e) => e.p99LatencyMs || 0));
    const serverErrors = ops.byEndpoint.reduce((s, e) => s + e.serverErrors, 0);
    const rejected = quality.endpoints.reduce((s, e) => s + e.rejected, 0);
    const requests = ops.totalRequests;
    const cards = [
      kpi(
        'Requests',
        int(requests),
        '',
        `${int(Math.round(requests / Math.max(1, (ops.toMs - ops.fromMs) / 3_600_000)))} per hour`,
      ),
      kpi(
        'p99 latency',
        fmt(worstP99, 1),
        'ms',
        `worst endpoint · limit ${t.maxP99LatencyMs} ms`,
        worstP99 >= t.maxP99LatencyMs ? 'bad' : 'good',
      ),
      kpi(
        'Server errors',
        pct(requests ? serverErrors / requests : 0, 2),
        '',
        `${int(serverErrors)} answers 5xx`,
        requests && serverErrors / requests >= t.maxServerErrorShare ? 'bad' : 'good',
      ),
      kpi('Rejected', pct(requests ? rejected / requests : 0, 2), '', `${int(rejected)} answers 4xx`),
    ];
    if (driftReport) {
      const evaluated = driftReport.features.filter((f) => f.psiBand !== 'insufficient-data').length;
      cards.push(
        kpi(
          'Drifting features',
          `${driftReport.driftedFeatures.length}`,
          `/ ${evaluated}`,
          driftReport.datasetDrifted ? 'dataset drifted' : `${int(driftReport.rows)} scored requests`,
          driftReport.driftedFeatures.length ? 'bad' : 'good',
        ),
      );
      const p = driftReport.prediction;
      if (p)
        cards.push(
          kpi(
            'Prediction PSI',
            fmt(p.psi, 3),
            '',
            `${p.psiBand} · W/std ${fmt(p.wassersteinPerStd, 3)}`,
            p.drifted ? 'bad' : 'good',
          ),
        );
    }
    if (customers) {
      cards.push(
        kpi(
          'Customers valued',
          int(customers.customers),
          '',
          `median P(alive) ${fmt(customers.probabilityAlive?.p50, 2)}`,
        ),
        kpi(
          'Median CLV',
          fmt(customers.lifetimeValue?.p50, 2),
          '',
          `p10 ${fmt(customers.lifetimeValue?.p10, 2)} · p90 ${fmt(customers.lifetimeValue?.p90, 2)}`,
        ),
      );
    }
    const live =
      perfReport?.byVersion.find((v) => v.modelVersion === perfReport.servedVersion) ||
      perfReport?.byVersion[0];
    if (live && task === 'churn') {
      cards.push(
        kpi(
          'Live ROC AUC',
          fmt(live.rocAuc, 3),
          '',
          `${int(live.labelled)} labelled · Brier ${fmt(live.brier, 3)}`,
        ),
      );
    } else if (live) {
      cards.push(
        kpi(
          'Calibration',
          fmt(live.calibration, 2),
          '×',
          `Σ predicted / Σ actual · MAE ${fmt(live.maeYuan, 2)} ¥`,
        ),
      );
      if (live.intervalCoverage80 !== null && live.intervalCoverage80 !== undefined) {
        cards.push(
          kpi(
            'Interval coverage',
            pct(live.intervalCoverage80),
            '',
            `of outcomes inside the 80 % interval · 90 %: ${pct(live.intervalCoverage90)}`,
          ),
        );
      }
    }
    $('kpis').replaceChildren(...cards);
  }

  function upsertChart(id, config) {
    const existing = state.charts[id];
    if (existing) existing.destroy();
    state.charts[id] = new Chart($(id), config);
  }

  const baseOptions = () => ({
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { labels: { boxWidth: 12, color: COLORS.ink } } },
    scales: {
      x: {
        grid: { color: COLORS.grid },
        ticks: { color: COLORS.muted, maxRotation: 0, autoSkipPadding: 12 },
      },
      y: { grid: { color: COLORS.grid }, ticks: { color: COLORS.muted } },
    },
  });

  // Vertical threshold lines on the PSI axis (Chart.js has no annotation plugin built in).
  const thresholdLines = (lines) => ({
    id: 'thresholdLines',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      ctx.save();
      for (const { value, color, label } of lines) {
        const x = scales.x.getPixelForValue(value);
        if (x < chartArea.left || x > chartArea.right) continue;
        ctx.strokeStyle = color;
        ctx.setLineDash([5, 4]);
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        // Label under the plot area, beside the axis, so it never covers a bar.
        ctx.font = '600 11px system-ui, sans-serif';
        const width = ctx.measureText(label).width;
        ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
        ctx.fillRect(x + 3, chartArea.bottom - 17, width + 6, 15);
        ctx.fillStyle = color;
        ctx.fillText(label, x + 6, chartArea.bottom - 6);
      }
      ctx.restore();
    },
  });

  function renderDrift(report, thresholds) {
    const features = report ? [...report.features] : [];
    features.sort((a, b) => (b.psi ?? -1) - (a.psi ?? -1));
    const floor = 1e-4;
    const options = baseOptions();
    options.indexAxis = 'y';
    options.interaction = { mode: 'nearest', axis: 'y', intersect: false };
    options.plugins.legend = { display: false };
    options.plugins.tooltip = {
      callbacks: {
        label: (item) => {
          const f = features[item.dataIndex];
          return [
            `PSI ${fmt(f.psi, 4)} (${f.psiBand})`,
            `Wasserstein/std ${fmt(f.wassersteinPerStd, 3)}`,
            ...(f.jensenShannon === null
              ? []
              : [`Jensen–Shannon ${fmt(f.jensenShannon, 3)} (categorical: decides)`]),
            `mean ${fmt(f.referenceMean, 3)} → ${fmt(f.windowMean, 3)}`,
            f.drifted ? 'DRIFTING' : 'not drifting',
          ];
        },
      },
    };
    // Decades plus the band limits, instead of Chart.js's crowded 1-2-3-5 log ticks.
    const marks = [0.0001, 0.001, 0.01, thresholds.psiModerate, thresholds.psiMajor, 1, 10];
    options.scales.x = {
      type: 'logarithmic',
      min: floor,
      grid: { color: COLORS.grid },
      // The log scale's default labels only mantissas 1, 2, 5 (so never 0.25): label every mark.
      ticks: { color: COLORS.muted, maxRotation: 0, autoSkip: false, callback: (value) => String(value) },
      afterBuildTicks: (axis) => {
        axis.ticks = marks
          .filter((value) => value >= axis.min && value <= axis.max)
          .map((value) => ({ value }));
      },
      title: { display: true, text: 'PSI (log scale)', color: COLORS.muted },
    };
    options.scales.y = {
      grid: { display: false },
      ticks: { color: COLORS.ink, autoSkip: false, font: { size: 11 } },
    };
    upsertChart('drift-chart', {
      type: 'bar',
      data: {
        labels: features.map((f) => f.name),
        datasets: [
          {
            label: 'PSI',
            data: features.map((f) => Math.max(floor, f.psi ?? floor)),
            backgroundColor: features.map((f) => COLORS[f.psiBand]),
            borderColor: features.map((f) => (f.drifted ? COLORS.ink : COLORS[f.psiBand])),
            borderWidth: features.map((f) => (f.drifted ? 2 : 0)),
            borderRadius: 3,
            barPercentage: 0.85,
            categoryPercentage: 0.9,
          },
        ],
      },
      options,
      plugins: [
        thresholdLines([
          {
            value: thresholds.psiModerate,
            color: COLORS.moderate,
            label: `moderate ${thresholds.psiModerate}`,
          },
          { value: thresholds.psiMajor, color: COLORS.major, label: `major ${thresholds.psiMajor}` },
        ]),
      ],
    });
  }

  function renderPredictions(report, bucketMs) {
    const buckets = report ? report.predictionOverTime : [];
    const labels = buckets.map((b) => bucketLabel(b.startMs, bucketMs));
    const ref = report?.prediction?.referenceQuantiles || [null, null, null];
    // Customers: the logged prediction is the lifetime value (money); drift covers the RFM features.
    const unit = { 'session-value': 'yuan', 'customer-value': 'CLV' }[report?.task] || 'probability';
    const line = (label, data, color, dashed) =>
      lineSeries(label, data, color, {
        borderWidth: dashed ? 1.5 : 2.5,
        borderDash: dashed ? [6, 5] : [],
        pointRadius: dashed ? 0 : 2,
      });
    const options = baseOptions();
    options.scales.y.title = { display: true, text: unit, color: COLORS.muted };
    upsertChart('prediction-chart', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'p90',
            buckets.map((b) => b.p90),
            COLORS.violet,
            false,
          ),
          line(
            'p50',
            buckets.map((b) => b.p50),
            COLORS.blue,
            false,
          ),
          line(
            'p10',
            buckets.map((b) => b.p10),
            COLORS.teal,
            false,
          ),
          line(
            'training p90',
            labels.map(() => ref[2]),
            COLORS.violet,
            true,
          ),
          line(
            'training p50',
            labels.map(() => ref[1]),
            COLORS.blue,
            true,
          ),
          line(
            'training p10',
            labels.map(() => ref[0]),
            COLORS.teal,
            true,
          ),
        ],
      },
      options,
    });
  }

  /** P(alive) and CLV of the valued customers: a p10–p90 band and the median per bucket. */
  function renderCustomers(customers) {
    $('customers-card').hidden = !customers;
    if (!customers) return;
    const labels = customers.overTime.map((b) => bucketLabel(b.startMs, customers.bucketMs));
    const band = (key, axisTitle, color, id, extraY) => {
      const at = (q) => customers.overTime.map((b) => b[key]?.[q] ?? null);
      const options = baseOptions();
      options.scales.y.title = { display: true, text: axisTitle, color: COLORS.muted };
      Object.assign(options.scales.y, extraY);
      // A bucket without customers stays a gap: nothing was valued there.
      const line = (label, q, extra) => lineSeries(label, at(q), color, { spanGaps: false, ...extra });
      upsertChart(id, {
        type: 'line',
        data: {
          labels,
          datasets: [
            line('p90', 'p90', { borderWidth: 1, pointRadius: 0, fill: '+1', backgroundColor: `${color}33` }),
            line('p10', 'p10', { borderWidth: 1, pointRadius: 0 }),
            line('median', 'p50', { borderWidth: 2.5 }),
          ],
        },
        options,
      });
    };
    band('probabilityAlive', 'P(alive)', COLORS.teal, 'customer-alive-chart', { min: 0, max: 1 });
    band('lifetimeValue', 'lifetime value (CLV)', COLORS.violet, 'customer-value-chart', {
      beginAtZero: true,
    });
  }

  function renderVolume(ops) {
    const labels = ops.overTime.map((b) => bucketLabel(b.startMs, ops.bucketMs));
    const options = baseOptions();
    options.scales.x.stacked = true;
    options.scales.y.stacked = true;
    options.scales.y.title = { display: true, text: 'requests per bucket', color: COLORS.muted };
    upsertChart('volume-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'answered',
            data: ops.overTime.map((b) => b.requests - b.clientErrors - b.serverErrors),
            backgroundColor: COLORS.blue,
            borderRadius: 2,
          },
          {
            label: 'rejected (4xx)',
            data: ops.overTime.map((b) => b.clientErrors),
            backgroundColor: COLORS.moderate,
            borderRadius: 2,
          },
          {
            label: 'failed (5xx)',
            data: ops.overTime.map((b) => b.serverErrors),
            backgroundColor: COLORS.major,
            borderRadius: 2,
          },
        ],
      },
      options,
    });
  }

  function renderLatency(ops) {
    const labels = ops.overTime.map((b) => bucketLabel(b.startMs, ops.bucketMs));
    const options = baseOptions();
    options.scales.y.title = { display: true, text: 'milliseconds', color: COLORS.muted };
    options.scales.y.beginAtZero = true;
    const line = (label, key, color) =>
      lineSeries(
        label,
        ops.overTime.map((b) => b[key]),
        color,
      );
    upsertChart('latency-chart', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line('p99', 'p99LatencyMs', COLORS.major),
          line('p95', 'p95LatencyMs', COLORS.moderate),
          line('p50', 'p50LatencyMs', COLORS.stable),
        ],
      },
      options,
    });
  }

  /** A Chart.js line dataset in the dashboard's style; `extra` overrides the defaults. */
  function lineSeries(label, data, color, extra = {}) {
    return {
      label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 2,
      spanGaps: true,
      tension: 0.25,
      ...extra,
    };
  }

  function renderPerformance(task, report, bucketMs) {
    const buckets = report ? report.overTime : [];
    const labels = buckets.map((b) => bucketLabel(b.startMs, bucketMs));
    const options = baseOptions();
    const line = (label, data, color, axis) => lineSeries(label, data, color, { yAxisID: axis });
    let datasets;
    if (task === 'churn') {
      datasets = [
        line(
          'ROC AUC',
          buckets.map((b) => b.rocAuc),
          COLORS.blue,
          'y',
        ),
        line(
          'F1',
          buckets.map((b) => b.f1),
          COLORS.violet,
          'y',
        ),
        line(
          'Brier',
          buckets.map((b) => b.brier),
          COLORS.major,
          'y',
        ),
      ];
      options.scales.y.min = 0;
      options.scales.y.max = 1;
      options.scales.y.title = { display: true, text: 'score', color: COLORS.muted };
    } else {
      datasets = [
        line(
          'MAE (yuan)',
          buckets.map((b) => b.maeYuan),
          COLORS.blue,
          'y',
        ),
        line(
          'RMSE (yuan)',
          buckets.map((b) => b.rmseYuan),
          COLORS.violet,
          'y',
        ),
        line(
          'Σpred/Σactual',
          buckets.map((b) => b.calibration),
          COLORS.teal,
          'y1',
        ),
      ];
      options.scales.y.title = { display: true, text: 'yuan', color: COLORS.muted };
      options.scales.y1 = {
        position: 'right',
        grid: { display: false },
        ticks: { color: COLORS.muted },
        title: { display: true, text: 'calibration ×', color: COLORS.muted },
      };
    }
    upsertChart('performance-chart', { type: 'line', data: { labels, datasets }, options });
    const rows = (report?.byVersion || []).map((v) =>
      task === 'churn'
        ? [v.modelVersion, int(v.labelled), fmt(v.rocAuc), fmt(v.brier), fmt(v.f1), pct(v.observedChurnRate)]
        : [
            v.modelVersion,
            int(v.labelled),
            `${fmt(v.maeYuan, 2)} ¥`,
            `${fmt(v.rmseYuan, 2)} ¥`,
            `${fmt(v.calibration, 2)} ×`,
            `${pct(v.intervalCoverage80)} / ${pct(v.intervalCoverage90)}`,
            otherLevels(v.intervalCoverageByLevel),
          ],
    );
    const headers =
      task === 'churn'
        ? ['model version', 'labelled', 'ROC AUC', 'Brier', 'F1', 'churn rate']
        : [
            'model version',
            'labelled',
            'MAE',
            'RMSE',
            'Σpred/Σactual',
            'interval coverage 80 / 90 %',
            'other levels served',
          ];
    $('performance-table').replaceChildren(
      table(
        headers,
        rows,
        headers.map((_, i) => i > 0),
      ),
    );
  }

  /** Coverage at the levels clients asked for besides 80 % and 90 %: "70 %: 81.2 % (40)". */
  function otherLevels(byLevel) {
    const others = (byLevel || []).filter((c) => c.level !== 0.8 && c.level !== 0.9);
    return others.length
      ? others
          .map((c) => `${Math.round(100 * c.level)} %: ${pct(c.coverage)} (${int(c.labelled)})`)
          .join(' · ')
      : '—';
  }

  function renderOpsTable(ops) {
    const rows = ops.byEndpoint.map((e) => [
      e.endpoint,
      e.modelVersion,
      int(e.requests),
      int(e.clientErrors),
      int(e.serverErrors),
      `${fmt(e.p50LatencyMs, 2)} ms`,
      `${fmt(e.p95LatencyMs, 2)} ms`,
      `${fmt(e.p99LatencyMs, 2)} ms`,
    ]);
    const headers = ['endpoint', 'model', 'requests', '4xx', '5xx', 'p50', 'p95', 'p99'];
    $('ops-table').replaceChildren(
      table(
        headers,
        rows,
        headers.map((_, i) => i > 1),
      ),
    );
  }

  function renderQualityOverTime(task, quality) {
    const labels = quality.overTime.map((b) => bucketLabel(b.startMs, quality.bucketMs));
    const ofTask = quality.overTime.map((b) => b.tasks.find((t) => t.task === task) || null);
    // A bucket without traffic is a gap, not a 0 %: nothing was measured there.
    const percent = (share, n) => (n ? 100 * share : null);
    const options = baseOptions();
    options.scales.y.beginAtZero = true;
    options.scales.y.title = { display: true, text: '% per bucket', color: COLORS.muted };
    options.plugins.tooltip = {
      callbacks: {
        label: (item) => `${item.dataset.label}: ${fmt(item.parsed.y, 2)} %`,
        footer: (items) => {
          const worst = ofTask[items[0].dataIndex]?.worstFeature;
          return worst ? `worst feature: ${worst}` : '';
        },
      },
    };
    // An hour without traffic stays a gap: "nothing measured" must not read as "clean".
    const line = (label, data, color) => lineSeries(label, data, color, { spanGaps: false });
    upsertChart('quality-chart', {
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'rejected requests',
            quality.overTime.map((b) => percent(b.rejectedShare, b.requests)),
            COLORS.moderate,
          ),
          line(
            `${task}: out-of-range values`,
            ofTask.map((t) => percent(t?.outOfRangeShare, t?.rows)),
            COLORS.major,
          ),
          line(
            `${task}: missing values`,
            ofTask.map((t) => percent(t?.missingShare, t?.rows)),
            COLORS.violet,
          ),
        ],
      },
      options,
    });
  }

  const QUALITY_ROWS = 12;

  function renderQualityTable(quality) {
    const reasons = quality.rejectedByReason.map((r) => [
      r.endpoint,
      String(r.status),
      r.reason,
      int(r.requests),
    ]);
    // Worst first (missing + out of range share), the top rows only: the long tail is in /monitoring/quality.
    const flagged = [];
    for (const t of quality.tasks) {
      for (const f of t.features) {
        if (f.missing || f.belowRange || f.aboveRange)
          flagged.push({ task: t.task, score: f.missingShare + f.outOfRangeShare, f });
      }
    }
    flagged.sort((a, b) => b.score - a.score);
    const features = flagged
      .slice(0, QUALITY_ROWS)
      .map(({ task, f }) => [
        task,
        f.name,
        int(f.missing),
        int(f.belowRange),
        int(f.aboveRange),
        pct(f.outOfRangeShare, 2),
      ]);
    const more =
      flagged.length > QUALITY_ROWS
        ? [
            el('p', {
              class: 'empty',
              text: `… and ${flagged.length - QUALITY_ROWS} more (GET /monitoring/quality).`,
            }),
          ]
        : [];
    $('quality-table').replaceChildren(
      el('div', { class: 'split' }, [
        el('section', {}, [
          el('h3', { text: 'Rejected requests by reason' }),
          table(['endpoint', 'status', 'reason', 'requests'], reasons, [false, true, false, true]),
        ]),
        el('section', {}, [
          el('h3', { text: 'Missing and out-of-range feature values, worst first' }),
          table(['task', 'feature', 'missing', 'below min', 'above max', 'out of range'], features, [
            false,
            false,
            true,
            true,
            true,
            true,
          ]),
          ...more,
        ]),
      ]),
    );
  }

  // ---- segments & cohorts tab -------------------------------------------------------------------
  function showTab(segments) {
    $('tab-segments').setAttribute('aria-selected', String(segments));
    $('tab-models').setAttribute('aria-selected', String(!segments));
    $('segments-view').hidden = !segments;
    $('models-view').hidden = segments;
    // The live mix is over the whole period: the model and bucket choices do not apply here.
    $('task').disabled = segments;
    $('window').disabled = segments;
    state.ready = false;
    load();
  }

  function renderSegmentsView(data) {
    const live = data.live;
    $('period').textContent =
      `Customer model ${data.modelVersion} · live mix ${new Date(live.fromMs).toISOString().slice(0, 16).replace('T', ' ')} → ${new Date(
        live.toMs,
      )
        .toISOString()
        .slice(0, 16)
        .replace('T', ' ')} UTC`;
    if (!data.segments) {
      setStatus('alert', [
        `The customer model ${data.modelVersion} stores no segments (fitted before they were stored): refit it with npm run clv -- fit, or, for the committed default, delete var/models so npm start seeds it again from models/.`,
      ]);
    } else {
      setStatus('ok', [
        `Segments of ${int(data.trainingCustomers)} training customers, ranked by ${data.clv.measure} over ${data.clv.horizonDays} days; ${int(live.customers)} customers valued in this period.`,
      ]);
    }
    const placed = live.segments.filter((s) => s.segment !== null).reduce((n, s) => n + s.customers, 0);
    const top = data.segments?.find((s) => s.segment === 'high-value');
    $('kpis').replaceChildren(
      kpi(
        'Training customers',
        data.trainingCustomers === null ? '—' : int(data.trainingCustomers),
        '',
        data.modelVersion,
      ),
      kpi('Mixture clusters', data.clusters ? String(data.clusters.length) : '—', '', 'k chosen by BIC'),
      kpi('High value', top ? pct(top.share) : '—', '', top ? `mean CLV ${fmt(top.meanClv, 2)}` : ''),
      kpi('Customers valued', int(live.customers), '', `${int(placed)} placed in a segment`),
      kpi(
        'Cohorts',
        data.cohorts ? String(data.cohorts.cohorts.length) : '—',
        '',
        data.cohorts ? `first purchases to ${data.cohorts.lastMonth}` : 'no cohorts.json',
      ),
    );
    renderSegmentMix(data);
    $('segment-profiles').replaceChildren(profileTable('segment', data.segments || []));
    $('cluster-profiles').replaceChildren(profileTable('cluster', data.clusters || []));
    $('cohort-heatmap').replaceChildren(cohortHeatmap(data.cohorts));
    state.ready = true;
  }

  function renderSegmentMix(data) {
    const names = (data.segments || []).map((s) => s.segment);
    const liveTotal = data.live.segments.reduce((n, s) => n + s.customers, 0);
    const liveShare = (name) => {
      const row = data.live.segments.find((s) => s.segment === name);
      return liveTotal ? (100 * (row ? row.customers : 0)) / liveTotal : null;
    };
    const labels = [...names, 'not placed'];
    const options = baseOptions();
    options.scales.y.title = { display: true, text: '% of customers', color: COLORS.muted };
    options.scales.y.beginAtZero = true;
    upsertChart('segment-mix-chart', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          {
            label: 'training customers',
            data: [...(data.segments || []).map((s) => 100 * s.share), 0],
            backgroundColor: COLORS.blue,
          },
          {
            label: 'valued in this period',
            data: [...names.map(liveShare), liveShare(null)],
            backgroundColor: COLORS.teal,
          },
        ],
      },
      options,
    });
  }

  function profileTable(kind, profiles) {
    return table(
      [kind, 'customers', 'share', 'recency (days)', 'frequency', 'spend so far', 'CLV', 'P(alive)'],
      profiles.map((p) => [
        p.segment,
        int(p.customers),
        pct(p.share),
        fmt(p.meanRecencyDays, 1),
        fmt(p.meanFrequency, 2),
        fmt(p.meanSpend, 2),
        fmt(p.meanClv, 2),
        fmt(p.meanPAlive, 3),
      ]),
      [false, true, true, true, true, true, true, true],
    );
  }

  function cohortHeatmap(cohorts) {
    if (!cohorts) return el('p', { class: 'empty', text: 'This model version has no cohorts.json.' });
    // Colour by the later months: month 0 is 100 % by definition and would wash the rest out.
    let max = 0;
    for (const row of cohorts.retention) for (const v of row.slice(1)) if (v !== null) max = Math.max(max, v);
    const head = el('tr', {}, [
      el('th', { class: 'cohort', text: 'cohort' }),
      el('th', { class: 'num', text: 'customers' }),
      ...cohorts.monthsSince.map((m) => el('th', { class: 'num', text: `+${m}` })),
    ]);
    const rows = cohorts.cohorts.map((label, c) =>
      el('tr', {}, [
        el('th', { class: 'cohort', text: label }),
        el('td', { class: 'num', text: int(cohorts.sizes[c]) }),
        ...cohorts.retention[c].map((v, m) => {
          if (v === null) return el('td', { class: 'cell' });
          const strength = Math.min(1, max > 0 ? v / max : 0);
          const cell = el('td', {
            class: `cell${strength > 0.55 ? ' dark' : ''}`,
            text: pct(v, 0),
            title: `${label}, month +${cohorts.monthsSince[m]}: ${pct(v, 1)}`,
          });
          cell.style.background = `rgba(53, 99, 233, ${(0.08 + 0.92 * strength).toFixed(3)})`;
          return cell;
        }),
      ]),
    );
    return el('table', { class: 'heatmap' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  // ---- wiring ------------------------------------------------------------------------------------
  document.addEventListener('DOMContentLoaded', () => {
    takeTokenFromFragment();
    $('controls').addEventListener('submit', (event) => {
      event.preventDefault();
      load();
    });
    for (const id of ['task', 'since', 'window']) $(id).addEventListener('change', load);
    $('tab-models').addEventListener('click', () => showTab(false));
    $('tab-segments').addEventListener('click', () => showTab(true));
    $('signout').addEventListener('click', () => {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken();
    });
    $('token-form').addEventListener('submit', () => {
      sessionStorage.setItem(TOKEN_KEY, $('token-input').value.trim());
      $('token-input').value = '';
      load();
    });
    load();
  });
})();
