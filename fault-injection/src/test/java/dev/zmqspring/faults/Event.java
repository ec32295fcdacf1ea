package dev.zmqspring.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One line of a host's history ({@link History}): flat JSON with string values. */
record Event(long t, String node, String ev, Map<String, String> fields) {

	String get(String name) {
		return this.fields.get(name);
	}

	/** Reads a history file; a torn last line (a host killed while writing) is skipped. */
	static List<Event> read(Path file) throws IOException {
		List<Event> events = new ArrayList<>();
		if (!Files.exists(file)) {
			return events;
		}
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			Map<String, String> fields = parse(line);
			if (fields != null && fields.containsKey("t")) {
				events.add(new Event(Long.parseLong(fields.get("t")), fields.get("node"), fields.get("ev"), fields));
			}
		}
		return events;
	}

	private static Map<String, String> parse(String line) {
		String text = line.trim();
		if (!text.startsWith("{") || !text.endsWith("}")) {
			return null;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		int i = 1;
		while (i < text.length() - 1) {
			StringBuilder name = new StringBuilder();
			i = string(text, i, name);
			if (i < 0 || text.charAt(i) != ':') {
				return null;
			}
			StringBuilder value = new StringBuilder();
			i = string(text, i + 1, value);
			if (i < 0) {
				return null;
			}
			fields.put(name.toString(), value.toString());
			if (text.charAt(i) == ',') {
				i++;
			}
		}
		return fields;
	}

	private static int string(String text, int start, StringBuilder out) {
		if (start >= text.length() || text.charAt(start) != '"') {
			return -1;
		}
		int i = start + 1;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < text.length()) {
				char next = text.charAt(++i);
				switch (next) {
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'u' -> {
						out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
						i += 4;
					}
					default -> out.append(next);
				}
			}
			else {
				out.append(c);
			}
			i++;
		}
		return -1;
	}

}
