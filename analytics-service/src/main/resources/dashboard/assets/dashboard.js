// BowWow operator dashboard: fetches /dashboard/data and draws it with Chart.js.
(function () {
	'use strict';

	const BASE = '/api/v1/analytics/dashboard';
	const REFRESH_MS = 15000;
	const PALETTE = {
		accent: '#4f46e5', sky: '#0ea5e9', amber: '#f59e0b', green: '#10b981', pink: '#ec4899',
		violet: '#8b5cf6', red: '#ef4444', slate: '#94a3b8'
	};
	const OUTCOME_COLORS = { SENT: PALETTE.green, SKIPPED: PALETTE.slate, REJECTED: PALETTE.amber, DEAD_LETTERED: PALETTE.red };
	const OUTCOME_NAMES = { SENT: 'Sent', SKIPPED: 'Skipped', REJECTED: 'Rejected', DEAD_LETTERED: 'Dead-lettered' };
	const number = new Intl.NumberFormat();
	const BANDS = ['0-2', '3-5', '6-8', '9-10', '10+'];
	const REASONS = ['spam', 'harassment', 'inappropriate', 'other'];
	const REASON_NAMES = { spam: 'Spam', harassment: 'Harassment', inappropriate: 'Inappropriate', other: 'Other' };
	const REASON_COLORS = { spam: PALETTE.amber, harassment: PALETTE.red, inappropriate: PALETTE.pink, other: PALETTE.slate };

	let range = new URLSearchParams(location.search).get('range') || '24h';
	let timer = null;
	// Exposed for the browser test: every chart by canvas ID.
	const charts = window.bowwowCharts = {};

	Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
	Chart.defaults.color = '#6b7489';
	Chart.defaults.borderColor = '#eef1f6';
	Chart.defaults.plugins.legend.labels.boxWidth = 12;
	Chart.defaults.plugins.legend.labels.usePointStyle = true;
	Chart.defaults.maintainAspectRatio = false;
	Chart.defaults.animation.duration = 400;

	function timeLabels(buckets, range) {
		const withDate = range === '7d' || range === '30d';
		const format = new Intl.DateTimeFormat(undefined, withDate
			? (range === '30d' ? { month: 'short', day: 'numeric' } : { weekday: 'short', hour: '2-digit', minute: '2-digit' })
			: { hour: '2-digit', minute: '2-digit' });
		return buckets.map((at) => format.format(new Date(at)));
	}

	// The known keys in their order, then any others as they came.
	function ordered(keys, known) {
		return known.filter((key) => keys.includes(key)).concat(keys.filter((key) => !known.includes(key)));
	}

	function sum(values) {
		return values.reduce((total, value) => total + (value || 0), 0);
	}

	function plural(count, one, many) {
		return number.format(count) + ' ' + (count === 1 ? one : many);
	}

	function duration(ms) {
		return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
	}

	function draw(id, config, hasData) {
		const canvas = document.getElementById(id);
		canvas.parentElement.querySelector('.empty').hidden = hasData;
		const existing = charts[id];
		if (existing && existing.config.type === config.type) {
			existing.data.labels = config.data.labels;
			config.data.datasets.forEach((dataset, i) => {
				if (existing.data.datasets[i]) {
					existing.data.datasets[i].data = dataset.data;
					// per-bar colours follow their bars when the order changes
					if (Array.isArray(dataset.backgroundColor)) {
						existing.data.datasets[i].backgroundColor = dataset.backgroundColor;
					}
				}
				else {
					existing.data.datasets.push(dataset);
				}
			});
			existing.update();
			return;
		}
		if (existing) {
			existing.destroy();
		}
		charts[id] = new Chart(canvas, config);
	}

	function bar(labels, datasets, options) {
		return {
			type: 'bar',
			data: { labels, datasets: datasets.map((d) => Object.assign({ borderRadius: 6, maxBarThickness: 42 }, d)) },
			options: Object.assign({
				scales: {
					x: { grid: { display: false }, stacked: datasets.length > 1, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
					y: { beginAtZero: true, stacked: datasets.length > 1, ticks: { precision: 0 } }
				},
				plugins: { legend: { display: datasets.length > 1, position: 'bottom' } }
			}, options || {})
		};
	}

	function line(labels, label, values, color) {
		return {
			type: 'line',
			data: {
				labels,
				datasets: [{
					label, data: values, borderColor: color, backgroundColor: color + '22', fill: true,
					// monotone: the curve never dips below 0 or overshoots between points
					cubicInterpolationMode: 'monotone', spanGaps: false,
					pointRadius: values.length > 40 ? 0 : 3, pointHoverRadius: 5, borderWidth: 2
				}]
			},
			options: {
				scales: {
					x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
					y: { beginAtZero: true, ticks: { precision: 0 } }
				},
				plugins: { legend: { display: false } }
			}
		};
	}

	function render(data) {
		const stats = data.stats;
		const users = data.userActivity;
		document.getElementById('tile-total-users').textContent = number.format(stats.totalUsers);
		document.getElementById('tile-active-users').textContent = number.format(stats.activeUsers);
		document.getElementById('tile-total-signals').textContent = number.format(stats.totalSignals);
		document.getElementById('tile-active-signals').textContent = number.format(stats.activeSignals);
		document.getElementById('tile-engagement').textContent = users.engagementRate.toFixed(1) + ' %';
		document.getElementById('tile-engagement-note').textContent =
			number.format(users.activeUsers) + ' active in ' + data.timeRange + ': ' + number.format(users.signalSenders)
			+ ' sent, ' + number.format(users.signalReceivers) + ' received';
		document.getElementById('tile-connections').textContent = number.format(data.connections.current);
		document.getElementById('tile-connections-note').textContent =
			plural(data.connections.droppedInRange, 'message', 'messages') + ' dropped in ' + data.timeRange;

		const overTime = data.signalsOverTime;
		draw('chart-signals', bar(timeLabels(overTime.buckets, data.timeRange), [
			{ label: 'Signals', data: overTime.series.signal, backgroundColor: PALETTE.accent },
			{ label: 'Responses', data: overTime.series.response, backgroundColor: PALETTE.sky }
		]), sum(overTime.series.signal) + sum(overTime.series.response) > 0);
		document.getElementById('note-signals').textContent =
			plural(data.signalActivity.totalSignals, 'signal', 'signals') + ', '
			+ plural(sum(overTime.series.response), 'response', 'responses') + ' in ' + data.timeRange;

		const byHour = data.signalActivity.signalsByHour;
		const hours = Object.keys(byHour).sort((a, b) => a - b);
		draw('chart-hours', bar(hours.map((h) => h.padStart(2, '0')), [
			{ label: 'Signals', data: hours.map((h) => byHour[h]), backgroundColor: PALETTE.violet, borderRadius: 4 }
		]), data.signalActivity.totalSignals > 0);

		// Bands are ordered by distance (bars, not slices: the order is the point).
		const bands = data.signalActivity.signalsByDistance;
		const bandNames = ordered(Object.keys(bands), BANDS);
		draw('chart-distance', bar(bandNames.map((band) => band + ' mi'), [
			{ label: 'Signals', data: bandNames.map((band) => bands[band]), backgroundColor: PALETTE.accent }
		], { plugins: { legend: { display: false } } }), sum(Object.values(bands)) > 0);

		const active = data.activeUsersOverTime;
		draw('chart-users', line(timeLabels(active.buckets, data.timeRange), 'Active users',
			active.series.activeUsers, PALETTE.sky), sum(active.series.activeUsers) > 0);

		const outcomes = data.pushOutcomes.byOutcome;
		const outcomeNames = Object.keys(outcomes);
		const pushes = sum(Object.values(outcomes));
		draw('chart-push', {
			type: 'doughnut',
			data: {
				labels: outcomeNames.map((o) => OUTCOME_NAMES[o] || o),
				datasets: [{
					data: outcomeNames.map((o) => outcomes[o]), borderWidth: 2, borderColor: '#fff', hoverOffset: 6,
					backgroundColor: outcomeNames.map((o) => OUTCOME_COLORS[o] || PALETTE.violet)
				}]
			},
			options: { cutout: '62%', plugins: { legend: { position: 'right' } } }
		}, pushes > 0);
		document.getElementById('note-push').textContent = plural(pushes, 'push', 'pushes') + ' in ' + data.timeRange;
		const reasons = document.getElementById('push-reasons');
		reasons.replaceChildren(...data.pushOutcomes.topReasons.map((r) => {
			const item = document.createElement('li');
			const what = document.createElement('span');
			what.textContent = (OUTCOME_NAMES[r.outcome] || r.outcome) + ': ' + r.reason;
			const count = document.createElement('span');
			count.textContent = number.format(r.count);
			item.append(what, count);
			return item;
		}));

		const lateness = data.lateness;
		draw('chart-lateness', bar(lateness.labels, [
			{ label: 'Deliveries', data: lateness.counts, backgroundColor: PALETTE.green }
		], { plugins: { legend: { display: false } } }), lateness.deliveries > 0);
		document.getElementById('note-lateness').textContent = lateness.deliveries > 0
			? 'median ' + duration(lateness.p50Ms) + ' · p95 ' + duration(lateness.p95Ms) + ' · '
				+ plural(lateness.deliveries, 'delivery', 'deliveries')
			: 'received − due';

		const connections = data.connections.overTime;
		draw('chart-connections', line(timeLabels(connections.buckets, data.timeRange), 'Connections',
			connections.series.connections, PALETTE.violet), sum(connections.series.connections) > 0);

		renderSafety(data.safety);
		renderOperations(data.operations, data);
	}

	function cell(text, className) {
		const td = document.createElement('td');
		td.textContent = text;
		if (className) {
			td.className = className;
		}
		return td;
	}

	function count(value) {
		return value === null || value === undefined ? '–' : number.format(value);
	}

	function span(seconds) {
		return seconds === null || seconds === undefined ? 'since start'
			: seconds < 90 ? 'last ' + seconds + ' s' : 'last ' + Math.round(seconds / 60) + ' min';
	}

	function level(tile, state) {
		const element = document.getElementById(tile);
		element.classList.toggle('warn', state === 'warn');
		element.classList.toggle('alert', state === 'alert');
	}

	// Operations are "now": consumer groups and backlogs as they stand, rates over the last minutes.
	function renderOperations(ops, data) {
		document.getElementById('operations-note').textContent =
			'now · read ' + new Date(ops.checkedAt).toLocaleTimeString();
		const services = ops.services;
		const gateway = services.find((s) => s.service === 'gateway');
		if (gateway && gateway.reachable) {
			document.getElementById('tile-5xx').textContent =
				gateway.serverErrorPercent === null ? '0 %' : gateway.serverErrorPercent.toFixed(1) + ' %';
			document.getElementById('tile-5xx-note').textContent = plural(gateway.serverErrors, '5xx', '5xx') + ' of '
				+ plural(gateway.requests, 'request', 'requests') + ', ' + span(gateway.windowSeconds);
			level('ops-tile-errors', gateway.serverErrorPercent >= 5 ? 'alert' : gateway.serverErrors > 0 ? 'warn' : '');
		}
		else {
			document.getElementById('tile-5xx').textContent = '?';
			document.getElementById('tile-5xx-note').textContent = 'gateway metrics unreachable';
			level('ops-tile-errors', 'warn');
		}

		const late = ops.waveLateness;
		document.getElementById('tile-wave-lateness').textContent = late.arrivals > 0
			? duration(Math.round(late.p50Ms)) + ' · ' + duration(Math.round(late.p95Ms)) : '–';
		document.getElementById('tile-wave-lateness-note').textContent = late.arrivals > 0
			? 'p50 · p95 of ' + plural(late.arrivals, 'arrival', 'arrivals') + ', ' + span(late.windowSeconds)
			: 'no arrivals measured yet';
		level('ops-tile-lateness', late.p95Ms > 1000 ? 'alert' : late.p95Ms > 250 ? 'warn' : '');

		const groups = [];
		ops.streams.forEach((stream) => stream.groups.forEach((group) => groups.push({ stream, group })));
		const lag = sum(groups.map((g) => g.group.lag));
		const pending = sum(groups.map((g) => g.group.pending));
		document.getElementById('tile-lag').textContent = number.format(lag) + ' · ' + number.format(pending);
		document.getElementById('tile-lag-note').textContent = 'undelivered · pending over '
			+ plural(groups.length, 'group', 'groups');
		level('ops-tile-lag', lag + pending > 1000 ? 'alert' : lag + pending > 0 ? 'warn' : '');
		const groupTable = document.getElementById('ops-groups');
		groupTable.tBodies[0].replaceChildren(...groups.map(({ stream, group }) => {
			const row = document.createElement('tr');
			const busy = (group.lag || 0) + group.pending > 0;
			row.append(cell(stream.stream.replace('bowwow:events:', '')), cell(group.group),
				cell(group.lag === null ? 'n/a' : number.format(group.lag), 'number' + (group.lag > 0 ? ' hot' : '')),
				cell(number.format(group.pending), 'number' + (group.pending > 0 ? ' hot' : '')),
				cell(count(stream.length), 'number'));
			row.dataset.busy = String(busy);
			return row;
		}));
		groupTable.parentElement.querySelector('.empty').hidden = groups.length > 0;

		const publishers = services.filter((s) => s.outboxBacklog !== null && s.outboxBacklog !== undefined);
		const backlog = sum(publishers.map((s) => s.outboxBacklog));
		document.getElementById('tile-outbox').textContent = number.format(backlog);
		document.getElementById('tile-outbox-note').textContent = 'events not yet relayed, '
			+ plural(publishers.length, 'publisher', 'publishers');
		level('ops-tile-outbox', backlog > 1000 ? 'alert' : backlog > 0 ? 'warn' : '');

		// Dead letters from the events (the range), and since push-service started from its metrics.
		const inRange = data.pushOutcomes.byOutcome.DEAD_LETTERED || 0;
		const push = services.find((s) => s.service === 'push-service');
		document.getElementById('tile-dead-letters').textContent = number.format(inRange);
		document.getElementById('tile-dead-letters-note').textContent = 'in ' + data.timeRange
			+ (push && push.deadLettered !== null && push.deadLettered !== undefined
				? ' · ' + number.format(push.deadLettered) + ' since push-service started' : '');
		level('ops-tile-dead', inRange > 0 ? 'alert' : '');

		const serviceTable = document.getElementById('ops-services');
		serviceTable.tBodies[0].replaceChildren(...services.map((s) => {
			const row = document.createElement('tr');
			if (!s.reachable) {
				const problem = cell('unreachable', 'down');
				problem.title = s.problem || '';
				row.append(cell(s.service), problem, cell('–', 'number'), cell('–', 'number'), cell('–', 'number'),
					cell('–', 'number'));
				return row;
			}
			row.append(cell(s.service), cell('up', 'ok'), cell(count(s.requests), 'number'),
				cell(count(s.serverErrors) + (s.serverErrorPercent ? ' (' + s.serverErrorPercent.toFixed(1) + ' %)' : ''),
					'number' + (s.serverErrors > 0 ? ' hot' : '')),
				cell(count(s.outboxBacklog), 'number' + (s.outboxBacklog > 0 ? ' hot' : '')),
				cell(count(s.deadLettered), 'number' + (s.deadLettered > 0 ? ' hot' : '')));
			return row;
		}));
		serviceTable.parentElement.querySelector('.empty').hidden = services.length > 0;
		const windows = services.filter((s) => s.reachable).map((s) => s.windowSeconds);
		document.getElementById('note-services').textContent = 'management ports\' Prometheus endpoints; requests and 5xx '
			+ (windows.length > 0 ? span(windows[0]) : '');
	}

	function renderSafety(safety) {
		document.getElementById('tile-reports').textContent = number.format(safety.totalReports);
		document.getElementById('tile-reports-note').textContent = 'filed in ' + safety.timeRange;
		document.getElementById('tile-suspensions').textContent = number.format(safety.activeSuspensions);
		document.getElementById('tile-blocks').textContent = number.format(safety.blocks);
		document.getElementById('tile-blocks-note').textContent = 'made in ' + safety.timeRange;

		// Most frequent reason first; equal counts keep the contract's order.
		const byReason = safety.reportsByReason;
		const reasons = ordered(Object.keys(byReason), REASONS).map((reason, i) => ({ reason, i }))
			.sort((a, b) => byReason[b.reason] - byReason[a.reason] || a.i - b.i)
			.map((entry) => entry.reason);
		draw('chart-reasons', {
			type: 'bar',
			data: {
				labels: reasons.map((reason) => REASON_NAMES[reason] || reason),
				datasets: [{
					label: 'Reports', data: reasons.map((reason) => byReason[reason]), borderRadius: 6, maxBarThickness: 34,
					backgroundColor: reasons.map((reason) => REASON_COLORS[reason] || PALETTE.slate)
				}]
			},
			options: {
				indexAxis: 'y',
				scales: {
					x: { beginAtZero: true, ticks: { precision: 0 } },
					y: { grid: { display: false } }
				},
				plugins: { legend: { display: false } }
			}
		}, safety.totalReports > 0);
		document.getElementById('note-reasons').textContent =
			plural(safety.totalReports, 'report', 'reports') + ' in ' + safety.timeRange + ', most frequent first';

		const table = document.getElementById('most-reported');
		table.tBodies[0].replaceChildren(...safety.mostReported.map((entry, i) => {
			const row = document.createElement('tr');
			const rank = document.createElement('td');
			rank.textContent = String(i + 1);
			const user = document.createElement('td');
			const id = document.createElement('code');
			id.textContent = entry.userID;
			user.append(id);
			const reports = document.createElement('td');
			reports.className = 'number';
			reports.textContent = number.format(entry.reports);
			row.append(rank, user, reports);
			return row;
		}));
		table.parentElement.querySelector('.empty').hidden = safety.mostReported.length > 0;
	}

	function setStatus(text, error) {
		const status = document.getElementById('status');
		status.textContent = text;
		status.classList.toggle('error', !!error);
	}

	async function refresh() {
		clearTimeout(timer);
		try {
			const response = await fetch(BASE + '/data?range=' + encodeURIComponent(range), {
				credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store'
			});
			if (response.status === 401) {
				location.assign(BASE + '/login?expired');
				return;
			}
			if (!response.ok) {
				throw new Error('HTTP ' + response.status);
			}
			render(await response.json());
			setStatus('Updated ' + new Date().toLocaleTimeString() + ' · refreshes every 15 s');
			document.body.dataset.loaded = 'true';
		}
		catch (error) {
			setStatus('Could not load figures (' + error.message + '), retrying…', true);
		}
		timer = setTimeout(refresh, REFRESH_MS);
	}

	document.querySelectorAll('.ranges button').forEach((button) => {
		button.classList.toggle('active', button.dataset.range === range);
		button.addEventListener('click', () => {
			range = button.dataset.range;
			document.querySelectorAll('.ranges button').forEach((b) => b.classList.toggle('active', b === button));
			history.replaceState(null, '', '?range=' + range);
			refresh();
		});
	});

	refresh();
})();
