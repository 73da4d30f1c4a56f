package com.bowwow.bench.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.bowwow.bench.load.ErrorLog;
import com.bowwow.bench.load.Latency;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a run measured: figures (each with its ceiling and ratio where one applies), the
 * targets checked against them, delivery counts, memory of every service and every error.
 * Written as Markdown and JSON.
 */
public final class Report {

	private final Map<String, Object> run = new LinkedHashMap<>();

	private final List<Figure> figures = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	private final List<Map<String, Object>> deliveries = new ArrayList<>();

	private final List<Map<String, Object>> memory = new ArrayList<>();

	private final List<Map<String, Object>> cpu = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private final ErrorLog errors;

	private Soak.Result soak;

	public Report(ErrorLog errors) {
		this.errors = errors;
	}

	public ErrorLog errors() {
		return this.errors;
	}

	public void run(String key, Object value) {
		this.run.put(key, value);
	}

	public Map<String, Object> run() {
		return this.run;
	}

	public void note(String note) {
		this.notes.add(note);
	}

	public Figure figure(String section, String name, double value, String unit) {
		Figure figure = new Figure(section, name, value, unit);
		this.figures.add(figure);
		return figure;
	}

	public List<Figure> figures() {
		return this.figures;
	}

	public void target(String name, String threshold, String measured, Status status) {
		this.targets.add(new Target(name, threshold, measured, status));
	}

	public List<Target> targets() {
		return this.targets;
	}

	/**
	 * One row about deliveries (a wave, the fan-out): expected, received, lost,
	 * duplicate.
	 */
	public void deliveries(Map<String, Object> row) {
		this.deliveries.add(row);
	}

	public List<Map<String, Object>> deliveryRows() {
		return this.deliveries;
	}

	public void memory(Map<String, Object> row) {
		this.memory.add(row);
	}

	public List<Map<String, Object>> memoryRows() {
		return this.memory;
	}

	/** One row per scenario: CPU microseconds per operation of every process. */
	public void cpu(Map<String, Object> row) {
		this.cpu.add(row);
	}

	public List<Map<String, Object>> cpuRows() {
		return this.cpu;
	}

	void soak(Soak.Result soak) {
		this.soak = soak;
	}

	/** The soak's outcome in soak mode, null otherwise (or when the run failed first). */
	Soak.Result soak() {
		return this.soak;
	}

	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("run", this.run);
		map.put("figures", this.figures.stream().map(Figure::toMap).toList());
		map.put("targets", this.targets.stream().map(Target::toMap).toList());
		map.put("deliveries", this.deliveries);
		map.put("memory", this.memory);
		map.put("cpuPerOperation", this.cpu);
		if (this.soak != null) {
			map.put("soak", this.soak.toMap());
		}
		Map<String, Object> errorMap = new LinkedHashMap<>();
		errorMap.put("total", this.errors.total());
		errorMap.put("byEndpointAndStatus", this.errors.snapshot());
		errorMap.put("shedDuringSetUpAndRetried", this.errors.shedSnapshot());
		map.put("errors", errorMap);
		map.put("notes", this.notes);
		return map;
	}

	public String json() {
		return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(toMap());
	}

	public String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("# BowWow benchmark report\n\n");
		md.append("| run | |\n|---|---|\n");
		this.run.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
		if (this.soak != null) {
			md.append(this.soak.markdown());
		}
		// a soak checks no target
		if (!this.targets.isEmpty()) {
			md.append("\n## Targets\n\n| target | threshold | measured | status |\n|---|---|---|---|\n");
			for (Target target : this.targets) {
				md.append(row(target.name(), target.threshold(), target.measured(), target.status().label()));
			}
		}
		md.append("\n## Figures\n\nLatencies in ms, open-loop (measured from each request's intended send time). "
				+ "Ratio = figure / ceiling.\n\n");
		md.append("| section | figure | value | p50 | p99 | max | n | ceiling | ratio | note |\n");
		md.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Figure figure : this.figures) {
			Latency.Summary latency = figure.latency;
			md.append(row(figure.section, figure.name, format(figure.value) + " " + figure.unit,
					(latency != null) ? format(latency.p50()) : "", (latency != null) ? format(latency.p99()) : "",
					(latency != null) ? format(latency.max()) : "",
					(latency != null) ? Long.toString(latency.count()) : "",
					(figure.ceiling != null)
							? format(figure.ceiling) + " " + figure.unit + " (" + figure.ceilingName + ")" : "",
					(figure.ratio() != null) ? String.format(Locale.ROOT, "%.2f", figure.ratio()) : "",
					(figure.note != null) ? figure.note : ""));
		}
		if (!this.deliveries.isEmpty()) {
			md.append("\n## Deliveries\n\n");
			table(md, this.deliveries);
		}
		md.append("\n## CPU time per operation (µs, from /proc)\n\n");
		md.append("CPU time (user + system) each process used during the scenario's steps, divided by the "
				+ "operations completed; PostgreSQL is the sum of its backends and background processes, and a "
				+ "service with several instances (--location-instances) the sum of them all. A figure "
				+ "that survives a busy machine, unlike throughput. The last two columns are parts of the "
				+ "services' columns, not added to the total: their JVMs' JIT compiler threads, and their VM "
				+ "threads (under the Serial collector: the collections).\n\n");
		table(md, this.cpu);
		md.append("\n## Memory (RSS of every service, MiB)\n\n");
		table(md, this.memory);
		md.append("\n## Errors (every non-2xx answer or request without answer)\n\n");
		md.append("Total: ").append(this.errors.total()).append("\n\n");
		if (this.errors.total() > 0) {
			md.append("| endpoint | status | count |\n|---|---|---|\n");
			this.errors.snapshot().forEach((key, count) -> {
				String[] parts = key.split(" \\| ", 2);
				md.append(row(parts[0], (parts.length > 1) ? parts[1] : "", Long.toString(count)));
			});
		}
		if (!this.errors.shedSnapshot().isEmpty()) {
			md.append("\nShed during set-up and retried after their Retry-After, as the app does (not errors):\n\n");
			md.append("| endpoint | status | count |\n|---|---|---|\n");
			this.errors.shedSnapshot().forEach((key, count) -> {
				String[] parts = key.split(" \\| ", 2);
				md.append(row(parts[0], (parts.length > 1) ? parts[1] : "", Long.toString(count)));
			});
		}
		if (!this.notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			this.notes.forEach((note) -> md.append("- ").append(note).append('\n'));
		}
		return md.toString();
	}

	public void write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("bench-report.md"), markdown());
			Files.writeString(directory.resolve("bench-report.json"), json());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void table(StringBuilder md, List<Map<String, Object>> rows) {
		if (rows.isEmpty()) {
			md.append("(none)\n");
			return;
		}
		List<String> columns = new ArrayList<>();
		rows.forEach((row) -> row.keySet().forEach((key) -> {
			if (!columns.contains(key)) {
				columns.add(key);
			}
		}));
		md.append(row(columns.toArray(String[]::new)));
		md.append("|---".repeat(columns.size())).append("|\n");
		for (Map<String, Object> row : rows) {
			md.append(row(columns.stream().map((c) -> {
				Object value = row.get(c);
				return (value instanceof Double d) ? format(d) : (value != null) ? value.toString() : "";
			}).toArray(String[]::new)));
		}
	}

	private static String row(String... cells) {
		return "| " + String.join(" | ", cells) + " |\n";
	}

	static String format(double value) {
		if (!Double.isFinite(value)) {
			return "n/a";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/** Whether a target was met. */
	public enum Status {

		MET("met"), NOT_MET("NOT met"), NOT_MEASURED("not measured");

		private final String label;

		Status(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	/**
	 * @param name what is checked
	 * @param threshold the target
	 * @param measured what this run saw
	 * @param status met or not
	 */
	public record Target(String name, String threshold, String measured, Status status) {

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("name", this.name);
			map.put("threshold", this.threshold);
			map.put("measured", this.measured);
			map.put("status", this.status.name());
			return map;
		}

	}

	/** One measured figure; latency, ceiling and note are optional. */
	public static final class Figure {

		private final String section;

		private final String name;

		private final double value;

		private final String unit;

		private Latency.Summary latency;

		private Double ceiling;

		private String ceilingName;

		private String note;

		Figure(String section, String name, double value, String unit) {
			this.section = section;
			this.name = name;
			this.value = value;
			this.unit = unit;
		}

		public Figure latency(Latency.Summary latency) {
			this.latency = latency;
			return this;
		}

		/** The raw ceiling this figure is compared with, in the same unit. */
		public Figure ceiling(double ceiling, String ceilingName) {
			this.ceiling = ceiling;
			this.ceilingName = ceilingName;
			return this;
		}

		public Figure note(String note) {
			this.note = note;
			return this;
		}

		public String name() {
			return this.name;
		}

		public double value() {
			return this.value;
		}

		public Latency.Summary latencySummary() {
			return this.latency;
		}

		public Double ratio() {
			return (this.ceiling != null && this.ceiling != 0) ? this.value / this.ceiling : null;
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("section", this.section);
			map.put("name", this.name);
			map.put("value", Math.round(this.value * 1000) / 1000.0);
			map.put("unit", this.unit);
			if (this.latency != null) {
				map.put("latency", this.latency.toMap());
			}
			if (this.ceiling != null) {
				map.put("ceiling", Math.round(this.ceiling * 1000) / 1000.0);
				map.put("ceilingName", this.ceilingName);
				map.put("ratio", Math.round(ratio() * 1000) / 1000.0);
			}
			if (this.note != null) {
				map.put("note", this.note);
			}
			return map;
		}

	}

}
