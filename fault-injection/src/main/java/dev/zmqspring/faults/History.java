package dev.zmqspring.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The recorder of one host: appends one JSON object per line (flat, string values) to
 * {@code fault.history}, flushed at once, so a host killed with SIGKILL loses at most the line it was
 * writing. Every line carries {@code t} (epoch milliseconds; all hosts share one clock) and
 * {@code node}. The suite's checker reads the files of every host after the run.
 */
@Component
public class History implements DisposableBean {

	private final String node;

	private final Writer out;

	public History(@Value("${fault.name}") String node, @Value("${fault.history}") Path file) throws IOException {
		this.node = node;
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	/** This host's name ({@code fault.name}). */
	public String node() {
		return this.node;
	}

	/**
	 * Appends one event.
	 * @param event what happened: invoke, ok, fail, timeout, served, state, start
	 * @param fields name/value pairs
	 */
	public synchronized void record(String event, String... fields) {
		Map<String, String> line = new LinkedHashMap<>();
		line.put("t", Long.toString(System.currentTimeMillis()));
		line.put("node", this.node);
		line.put("ev", event);
		for (int i = 0; i + 1 < fields.length; i += 2) {
			line.put(fields[i], fields[i + 1]);
		}
		StringBuilder json = new StringBuilder("{");
		line.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append('"').append(escape(name)).append("\":\"").append(escape(value)).append('"');
		});
		json.append("}\n");
		try {
			this.out.write(json.toString());
			this.out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> escaped.append("\\\"");
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (c < 0x20) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	@Override
	public synchronized void destroy() throws IOException {
		this.out.close();
	}

}
