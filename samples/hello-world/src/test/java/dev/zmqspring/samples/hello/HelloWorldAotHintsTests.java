package dev.zmqspring.samples.hello;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In AOT mode only (the second test run of {@code mvn verify}, decision 0044): the hints that Spring's
 * AOT processing wrote for a native image, where {@code native-image} reads them, let the
 * {@code @ZmqWorker} method be called. Both files are checked: the application's (process-aot) and
 * the test contexts' (process-test-aot).
 */
@EnabledIfSystemProperty(named = "spring.aot.enabled", matches = "true")
class HelloWorldAotHintsTests {

	private static final String METADATA = "META-INF/native-image/dev.zmqspring/sample-hello-world/reachability-metadata.json";

	@Test
	void theGeneratedReachabilityMetadataMakesTheWorkerMethodInvocable() throws IOException {
		List<URL> files = Collections.list(getClass().getClassLoader().getResources(METADATA));
		assertThat(files).as("generated metadata").hasSize(2);
		for (URL file : files) {
			assertThat(invocableMethods(file, HelloWorldApplication.class.getName())).as(file.toString())
				.contains("hello(java.lang.String)");
		}
	}

	private static List<String> invocableMethods(URL file, String type) throws IOException {
		JsonNode metadata;
		try (InputStream in = file.openStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<String> methods = new ArrayList<>();
		for (JsonNode entry : metadata.path("reflection")) {
			if (type.equals(entry.path("type").asString())) {
				for (JsonNode method : entry.path("methods")) {
					List<String> parameters = new ArrayList<>();
					method.path("parameterTypes").forEach((parameter) -> parameters.add(parameter.asString()));
					methods.add(method.path("name").asString() + "(" + String.join(",", parameters) + ")");
				}
			}
		}
		return methods;
	}

}
