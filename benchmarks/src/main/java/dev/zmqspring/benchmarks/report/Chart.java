package dev.zmqspring.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import dev.zmqspring.benchmarks.report.BenchmarkReport.Majordomo;
import dev.zmqspring.benchmarks.report.BenchmarkReport.Row;

/**
 * Draws the starter/raw ratios as a horizontal bar chart PNG with plain Java 2D (headless, no extra
 * dependency): one bar per case, a line at parity (1.0), the target as a black tick, green
 * when the target is met, red when missed, blue when the case has no target; whiskers show the
 * interquartile range of the pair ratios.
 */
final class Chart {

	private static final int WIDTH = 1100;

	private static final int LABEL_WIDTH = 470;

	private static final int ROW_HEIGHT = 30;

	private static final int TOP = 70;

	private static final int BOTTOM = 60;

	private static final Color MET = new Color(0x2e, 0x9e, 0x4f);

	private static final Color MISSED = new Color(0xd6, 0x3b, 0x3b);

	private static final Color INFO = new Color(0x4a, 0x7d, 0xc4);

	private Chart() {
	}

	record Bar(String label, double ratio, double min, double max, Double target, boolean lowerIsBetter, Boolean met) {

	}

	static void write(List<Row> rows, Majordomo majordomo, Path file) throws IOException {
		List<Bar> bars = new ArrayList<>();
		for (Row row : rows) {
			if (row.measured()) {
				bars.add(new Bar(row.label(), row.ratio(), row.low(), row.high(), row.target(), row.spec.lowerIsBetter(), row.met()));
			}
		}
		if (majordomo.processSync() != null && majordomo.guideSync() != null) {
			bars.add(majordomoBar("Majordomo sync vs Guide Java (3 processes)", majordomo.processSync(), majordomo.guideSync()));
		}
		if (majordomo.batchSync() != null && majordomo.guideSync() != null) {
			bars.add(majordomoBar("Majordomo sync vs Guide Java, io-thread-scheduling=batch", majordomo.batchSync(),
					majordomo.guideSync()));
		}
		if (majordomo.relaySync() != null && majordomo.guideSync() != null) {
			// the floor of any Majordomo on JeroMQ 0.6.0 (RelayProcesses): a reference, so no target colour
			double floor = majordomo.relaySync() / majordomo.guideSync();
			bars.add(new Bar("floor: raw relay, Majordomo's frames, sync vs Guide Java", floor, floor, floor, null, false,
					null));
		}
		if (majordomo.processAsync() != null && majordomo.guideAsync() != null) {
			bars.add(majordomoBar("Majordomo async vs Guide Java (3 processes)", majordomo.processAsync(),
					majordomo.guideAsync()));
		}
		if (majordomo.batchAsync() != null && majordomo.guideAsync() != null) {
			bars.add(majordomoBar("Majordomo async vs Guide Java, io-thread-scheduling=batch", majordomo.batchAsync(),
					majordomo.guideAsync()));
		}
		int height = TOP + Math.max(1, bars.size()) * ROW_HEIGHT + BOTTOM;
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, WIDTH, height);
		// the scale fits the ratios and targets, at most 3.0: whiskers beyond it are clipped
		double scaleMax = 1.6;
		for (Bar bar : bars) {
			scaleMax = Math.max(scaleMax, Math.max(bar.ratio(), bar.target() != null ? bar.target() : 0) * 1.15);
		}
		scaleMax = Math.min(3.0, Math.ceil(scaleMax * 5) / 5);
		int plotLeft = LABEL_WIDTH + 10;
		int plotWidth = WIDTH - plotLeft - 80;
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
		g.drawString("zmq-spring-boot: starter / raw JeroMQ, same work in the same run", 20, 30);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		g.drawString("throughput: higher is better · latency and CPU: lower is better · black tick = target · "
				+ "green met, red missed, blue no target · whiskers: IQR of iteration pairs", 20, 52);
		// grid
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		int gridBottom = TOP + bars.size() * ROW_HEIGHT;
		for (double tick = 0; tick <= scaleMax + 1e-9; tick += 0.2) {
			int x = plotLeft + (int) Math.round(tick / scaleMax * plotWidth);
			boolean parity = Math.abs(tick - 1.0) < 1e-9;
			g.setColor(parity ? Color.DARK_GRAY : new Color(0xe0, 0xe0, 0xe0));
			g.setStroke(new BasicStroke(parity ? 2f : 1f));
			g.drawLine(x, TOP - 5, x, gridBottom);
			g.setColor(Color.DARK_GRAY);
			String text = String.format(Locale.ROOT, "%.1f", tick);
			g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, gridBottom + 16);
		}
		g.drawString("ratio (1.0 = parity with raw JeroMQ)", plotLeft + plotWidth / 2 - 100, gridBottom + 36);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		FontMetrics metrics = g.getFontMetrics();
		for (int i = 0; i < bars.size(); i++) {
			Bar bar = bars.get(i);
			int y = TOP + i * ROW_HEIGHT;
			g.setColor(Color.BLACK);
			String label = bar.label();
			while (metrics.stringWidth(label) > LABEL_WIDTH - 10 && label.length() > 10) {
				label = label.substring(0, label.length() - 2);
			}
			g.drawString(label, LABEL_WIDTH - metrics.stringWidth(label), y + ROW_HEIGHT / 2 + 5);
			int barWidth = (int) Math.round(Math.min(bar.ratio(), scaleMax) / scaleMax * plotWidth);

			g.setColor((bar.met() == null) ? INFO : (bar.met() ? MET : MISSED));
			g.fillRect(plotLeft, y + 6, barWidth, ROW_HEIGHT - 12);
			if (bar.max() > bar.min()) {
				int x1 = plotLeft + (int) Math.round(Math.min(bar.min(), scaleMax) / scaleMax * plotWidth);
				int x2 = plotLeft + (int) Math.round(Math.min(bar.max(), scaleMax) / scaleMax * plotWidth);
				g.setColor(Color.BLACK);
				g.setStroke(new BasicStroke(1.5f));
				g.drawLine(x1, y + ROW_HEIGHT / 2, x2, y + ROW_HEIGHT / 2);
				g.drawLine(x1, y + 10, x1, y + ROW_HEIGHT - 10);
				g.drawLine(x2, y + 10, x2, y + ROW_HEIGHT - 10);
			}
			if (bar.target() != null) {
				int x = plotLeft + (int) Math.round(bar.target() / scaleMax * plotWidth);
				g.setColor(Color.BLACK);
				g.setStroke(new BasicStroke(3f));
				g.drawLine(x, y + 2, x, y + ROW_HEIGHT - 2);
			}
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
			g.drawString(String.format(Locale.ROOT, "%.2f×", bar.ratio()), plotLeft + plotWidth + 12, y + ROW_HEIGHT / 2 + 5);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		}
		g.dispose();
		ImageIO.write(image, "png", file.toFile());
	}

	private static Bar majordomoBar(String label, double ours, double guide) {
		double ratio = ours / guide;
		return new Bar(label, ratio, ratio, ratio, 2.0, false, ratio >= 2.0);
	}

}
