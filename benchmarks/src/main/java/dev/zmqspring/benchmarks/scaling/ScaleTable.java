package dev.zmqspring.benchmarks.scaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scaling series as {@code run.sh} writes it to {@code results/scaling/<id>.tsv}: a title, what
 * the points count, what the per-message cost is, whether the Guide's design makes that cost O(1)
 * (then the report checks the largest point against 1.5× the smallest), and one line per point:
 * throughput, latency p50 and p99 in microseconds, the cost, and an optional second cost. {@code NaN} marks a column a series
 * does not measure.
 */
public final class ScaleTable {

	/** One measured point; {@code extra} is a second cost some series give (NaN otherwise). */
	public record Point(long x, double throughput, double p50Micros, double p99Micros, double cost, double extra) {

		public Point(long x, double throughput, double p50Micros, double p99Micros, double cost) {
			this(x, throughput, p50Micros, p99Micros, cost, Double.NaN);
		}

	}

	private final String id;

	private final String title;

	private final String axis;

	private final String throughputUnit;

	private final String costUnit;

	private final boolean constantCost;

	private String extraUnit = "";

	private final List<Point> points = new ArrayList<>();

	/**
	 * Starts a series.
	 * @param id the file name (without {@code .tsv})
	 * @param title what is measured
	 * @param axis what the points count (workers, topics, ...)
	 * @param throughputUnit the unit of the throughput column
	 * @param costUnit what the cost column is
	 * @param constantCost whether the Guide's design makes the cost O(1) per message
	 */
	public ScaleTable(String id, String title, String axis, String throughputUnit, String costUnit, boolean constantCost) {
		this.id = id;
		this.title = title;
		this.axis = axis;
		this.throughputUnit = throughputUnit;
		this.costUnit = costUnit;
		this.constantCost = constantCost;
	}

	/**
	 * Names the second cost of the points.
	 * @param unit what it is
	 * @return this
	 */
	public ScaleTable extra(String unit) {
		this.extraUnit = unit;
		return this;
	}

	/**
	 * Adds a point and prints it.
	 * @param point the point
	 */
	public void add(Point point) {
		this.points.add(point);
		System.out.printf(Locale.ROOT, "%s %s=%d throughput=%.1f %s p50=%.1f us p99=%.1f us cost=%.3f %s extra=%.3f%n", this.id,
				this.axis, point.x(), point.throughput(), this.throughputUnit, point.p50Micros(), point.p99Micros(),
				point.cost(), this.costUnit, point.extra());
	}

	/**
	 * Writes the series to {@code <dir>/<id>.tsv}.
	 * @param dir the directory
	 * @throws IOException if it cannot be written
	 */
	public void write(Path dir) throws IOException {
		Files.createDirectories(dir);
		StringBuilder text = new StringBuilder();
		text.append("# title\t").append(this.title).append('\n');
		text.append("# axis\t").append(this.axis).append('\n');
		text.append("# throughput\t").append(this.throughputUnit).append('\n');
		text.append("# cost\t").append(this.costUnit).append('\n');
		text.append("# constant\t").append(this.constantCost).append('\n');
		text.append("# extra\t").append(this.extraUnit).append('\n');
		text.append("x\tthroughput\tp50_us\tp99_us\tcost\textra\n");
		for (Point p : this.points) {
			text.append(String.format(Locale.ROOT, "%d\t%.3f\t%.3f\t%.3f\t%.6f\t%.6f%n", p.x(), p.throughput(),
					p.p50Micros(), p.p99Micros(), p.cost(), p.extra()));
		}
		Files.writeString(dir.resolve(this.id + ".tsv"), text);
	}

}
