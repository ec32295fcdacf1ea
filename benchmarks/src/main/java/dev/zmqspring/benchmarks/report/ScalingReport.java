package dev.zmqspring.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import tools.jackson.databind.JsonNode;

/**
 * The scaling step's report (issue 34): reads {@code <out>/scaling/*.tsv} (written by
 * {@code dev.zmqspring.benchmarks.scaling.Scaling}), the subscriber's topic matching from
 * {@code scaling/topics.json} and {@code scaling/memory.md}, and writes {@code scaling-table.md} (one
 * table per series with its growth) and {@code scaling.png} (each series' per-message cost relative
 * to its smallest point, against the number of workers, clients, topics or keys).
 */
final class ScalingReport {

	/** The series in the order of the report. */
	static final List<String> ORDER = List.of("mdp-workers", "mdp-services", "mdp-clients", "lb-workers", "pp-workers",
			"subscriber-topics", "lvc-late-join", "titanic-recovery", "clone-snapshot", "clone-writers", "clone-maps");

	/** The limit of the growth of an O(1) per-message cost, largest point against smallest. */
	static final double LIMIT = 1.5;

	record Point(long x, double throughput, double p50, double p99, double cost, double extra) {
	}

	record Series(String id, String title, String axis, String throughputUnit, String costUnit, boolean constant,
			String extraUnit, List<Point> points) {

		double growth() {
			return this.points.get(this.points.size() - 1).cost() / this.points.get(0).cost();
		}

		double throughputGrowth() {
			return this.points.get(this.points.size() - 1).throughput() / this.points.get(0).throughput();
		}

	}

	private ScalingReport() {
	}

	/**
	 * Writes the table and the chart if the run has a scaling step.
	 * @param dir the results directory
	 * @param results the JMH results of the scaling step (the subscriber's topic matching)
	 * @return the table, or {@code null} when there is no scaling result
	 */
	static String write(Path dir, List<JsonNode> results) throws IOException {
		List<Series> all = new ArrayList<>();
		for (String id : ORDER) {
			Path file = dir.resolve("scaling").resolve(id + ".tsv");
			if (Files.exists(file)) {
				all.add(read(id, file));
			}
			else if (id.equals("subscriber-topics")) {
				Series topics = topics(results);
				if (topics != null) {
					all.add(topics);
				}
			}
		}
		if (all.isEmpty()) {
			return null;
		}
		StringBuilder md = new StringBuilder();
		md.append("| series | points | per-message cost, largest / smallest point | O(1) by design: ≤ ")
			.append(format(LIMIT))
			.append("× | throughput, largest / smallest |\n| --- | --- | ---: | --- | ---: |\n");
		for (Series s : all) {
			md.append(String.format(Locale.ROOT, "| %s | %s %s | %s× | %s | %s× |%n", s.title(), range(s), s.axis(),
					format(s.growth()), s.constant() ? ((s.growth() <= LIMIT) ? "met" : "**missed**") : "—",
					format(s.throughputGrowth())));
		}
		for (Series s : all) {
			boolean extra = !s.extraUnit().isEmpty();
			md.append("\n**").append(s.title()).append("** — cost: ").append(s.costUnit());
			if (extra) {
				md.append("; second cost: ").append(s.extraUnit());
			}
			md.append("\n\n| ").append(s.axis()).append(" | ").append(s.throughputUnit())
				.append(" | p50 µs | p99 µs | cost | cost / smallest |").append(extra ? " second cost |" : "")
				.append("\n| ---: | ---: | ---: | ---: | ---: | ---: |").append(extra ? " ---: |" : "").append('\n');
			for (Point p : s.points()) {
				md.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s× |%s%n", p.x(), format(p.throughput()),
						format(p.p50()), format(p.p99()), format(p.cost()), format(p.cost() / s.points().get(0).cost()),
						extra ? " " + format(p.extra()) + " |" : ""));
			}
		}
		Path memory = dir.resolve("scaling").resolve("memory.md");
		if (Files.exists(memory)) {
			md.append("\n**Memory** (fixed pre-touched heap: the resident set grows with native memory only)\n\n")
				.append(Files.readString(memory));
		}
		Files.writeString(dir.resolve("scaling-table.md"), md);
		chart(all, dir.resolve("scaling.png"));
		return md.toString();
	}

	private static String range(Series s) {
		return String.format(Locale.ROOT, "%,d → %,d", s.points().get(0).x(), s.points().get(s.points().size() - 1).x());
	}

	static Series read(String id, Path file) throws IOException {
		String title = id;
		String axis = "";
		String throughput = "";
		String cost = "";
		boolean constant = false;
		String extra = "";
		List<Point> points = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			String[] cells = line.split("\t");
			if (line.startsWith("# ")) {
				switch (cells[0].substring(2)) {
					case "title" -> title = cells[1];
					case "axis" -> axis = cells[1];
					case "throughput" -> throughput = cells[1];
					case "cost" -> cost = cells[1];
					case "constant" -> constant = Boolean.parseBoolean(cells[1]);
					case "extra" -> extra = (cells.length > 1) ? cells[1] : "";
					default -> {
					}
				}
			}
			else if (!line.startsWith("x\t") && cells.length >= 5) {
				points.add(new Point(Long.parseLong(cells[0]), Double.parseDouble(cells[1]), Double.parseDouble(cells[2]),
						Double.parseDouble(cells[3]), Double.parseDouble(cells[4]),
						(cells.length > 5) ? Double.parseDouble(cells[5]) : Double.NaN));
			}
		}
		return new Series(id, title, axis, throughput, cost, constant, extra, points);
	}

	/** {@code SubscriberTopicsBenchmark.envelope}: the listener's topic match, 1 → 10,000 topics. */
	static Series topics(List<JsonNode> results) {
		List<Point> points = new ArrayList<>();
		for (JsonNode node : results) {
			if (node.get("benchmark").asString().endsWith("SubscriberTopicsBenchmark.envelope")) {
				long topics = Long.parseLong(node.get("params").get("topics").asString());
				double nanos = node.get("primaryMetric").get("score").asDouble();
				points.add(new Point(topics, 1e9 / nanos, Double.NaN, Double.NaN, nanos, Double.NaN));
			}
		}
		if (points.isEmpty()) {
			return null;
		}
		points.sort((a, b) -> Long.compare(a.x(), b.x()));
		return new Series("subscriber-topics", "@ZmqSubscriber topic match per message", "subscribed topics",
				"matches/s (one thread)", "ns per message", true, "", points);
	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "—";
		}
		if (Math.abs(value) >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (Math.abs(value) >= 10) ? "%.1f" : "%.2f", value);
	}

	private static final Color[] COLORS = { new Color(0x1f, 0x77, 0xb4), new Color(0xff, 0x7f, 0x0e),
			new Color(0x2c, 0xa0, 0x2c), new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd),
			new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f),
			new Color(0xbc, 0xbd, 0x22), new Color(0x17, 0xbe, 0xcf), Color.BLACK };

	/** Cost relative to the smallest point (y, linear) against the point (x, log10). */
	static void chart(List<Series> all, Path file) throws IOException {
		int width = 1100;
		int height = 620;
		int left = 70;
		int top = 60;
		int plotWidth = 700;
		int plotHeight = 480;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, width, height);
		double yMax = 2.0;
		long xMax = 10;
		for (Series s : all) {
			for (Point p : s.points()) {
				yMax = Math.max(yMax, p.cost() / s.points().get(0).cost());
				xMax = Math.max(xMax, p.x());
			}
		}
		yMax = Math.min(4.0, Math.ceil(yMax * 2 * 1.05) / 2);
		double decades = Math.ceil(Math.log10(xMax));
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		g.drawString("zmq-spring-boot: per-message cost as it scales, relative to the smallest point", 20, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString("dashed line: 1.5× (the limit where the Guide's design is O(1) per message); values above "
				+ format(yMax) + "× are clipped", 20, 50);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (int d = 0; d <= decades; d++) {
			int x = left + (int) Math.round(d / decades * plotWidth);
			g.setColor(new Color(0xe0, 0xe0, 0xe0));
			g.drawLine(x, top, x, top + plotHeight);
			g.setColor(Color.DARK_GRAY);
			String label = String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d));
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, top + plotHeight + 16);
		}
		for (double y = 0; y <= yMax + 1e-9; y += 0.5) {
			int py = top + plotHeight - (int) Math.round(y / yMax * plotHeight);
			boolean limit = Math.abs(y - LIMIT) < 1e-9;
			g.setColor(limit ? Color.DARK_GRAY : new Color(0xe0, 0xe0, 0xe0));
			g.setStroke(limit ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 8f, 6f }, 0f)
					: new BasicStroke(1f));
			g.drawLine(left, py, left + plotWidth, py);
			g.setStroke(new BasicStroke(1f));
			g.setColor(Color.DARK_GRAY);
			g.drawString(format(y) + "×", left - 40, py + 4);
		}
		g.drawString("workers, services, clients, topics, keys or stored requests (log scale)", left + 170,
				top + plotHeight + 36);
		for (int i = 0; i < all.size(); i++) {
			Series s = all.get(i);
			g.setColor(COLORS[i % COLORS.length]);
			g.setStroke(new BasicStroke(2.5f));
			int px = -1;
			int py = -1;
			for (Point p : s.points()) {
				int x = left + (int) Math.round(Math.log10(Math.max(1, p.x())) / decades * plotWidth);
				double ratio = Math.min(yMax, p.cost() / s.points().get(0).cost());
				int y = top + plotHeight - (int) Math.round(ratio / yMax * plotHeight);
				g.fillOval(x - 4, y - 4, 8, 8);
				if (px >= 0) {
					g.drawLine(px, py, x, y);
				}
				px = x;
				py = y;
			}
			int ly = top + 10 + i * 22;
			g.drawLine(left + plotWidth + 20, ly, left + plotWidth + 45, ly);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			g.drawString(String.format(Locale.ROOT, "%s (%s×)", s.id(), format(s.growth())), left + plotWidth + 52, ly + 4);
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

}
