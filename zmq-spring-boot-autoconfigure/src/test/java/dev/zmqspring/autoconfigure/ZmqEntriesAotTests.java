package dev.zmqspring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;

import dev.zmqspring.actor.ZmqActorState;
import dev.zmqspring.broker.ZmqBroker;
import dev.zmqspring.clone.CloneServer;
import dev.zmqspring.clone.ZmqCloneMap;
import dev.zmqspring.freelance.FreelanceClient;
import dev.zmqspring.majordomo.MajordomoBroker;
import dev.zmqspring.proxy.ZmqProxy;

import static dev.zmqspring.test.ZmqTestPorts.freePorts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The entries of {@code zmq.*} through Spring's ahead-of-time processing, as {@code spring-boot:process-aot}
 * runs it: a context declaring proxies (one a last value cache), a load-balancing broker, a Paranoid
 * Pirate queue, a Majordomo broker, a Clone server and map and a Freelance client is processed, the
 * generated code is compiled and then starts a fresh context, which has every bean under its usual
 * name and type (a Clone map typed by its value-type), running. The generated code runs the registrars again with the runtime environment
 * (decision 0043): an endpoint changed after the build is the one the proxy uses.
 */
class ZmqEntriesAotTests {

	private static final Class<?>[] CONFIGURATIONS = { ZmqAutoConfiguration.class,
			ZmqBinaryStarAutoConfiguration.class, ZmqProxyAutoConfiguration.class, ZmqBrokerAutoConfiguration.class,
			ZmqMajordomoAutoConfiguration.class, ZmqCloneAutoConfiguration.class, ZmqFreelanceAutoConfiguration.class };

	@TempDir
	Path build;

	@Test
	void everyEntryBecomesItsBeanFromTheGeneratedCodeWithTheRuntimeEnvironment() throws Exception {
		int clonePort = freePorts(3);
		Map<String, Object> properties = new java.util.LinkedHashMap<>(Map.ofEntries(
				Map.entry("zmq.proxies.pipeline.type", "streamer"),
				Map.entry("zmq.proxies.pipeline.frontend", "@inproc://aot-build-in"),
				Map.entry("zmq.proxies.pipeline.backend", "@inproc://aot-out"),
				Map.entry("zmq.proxies.lvc.type", "last-value-cache"),
				Map.entry("zmq.proxies.lvc.frontend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.proxies.lvc.backend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.proxies.lvc.max-topics", "7"),
				Map.entry("zmq.brokers.lb.type", "load-balancing"),
				Map.entry("zmq.brokers.lb.frontend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.brokers.lb.backend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.brokers.pirates.type", "paranoid-pirate"),
				Map.entry("zmq.brokers.pirates.frontend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.brokers.pirates.backend", "tcp://127.0.0.1:*"),
				Map.entry("zmq.brokers.pirates.max-message-size", "4KB"),
				Map.entry("zmq.brokers.mdp.type", "majordomo"),
				Map.entry("zmq.brokers.mdp.endpoint", "tcp://127.0.0.1:*"),
				Map.entry("zmq.clone.servers.config.bind", "tcp://127.0.0.1:" + clonePort),
				Map.entry("zmq.clone.servers.config.heartbeat", "100ms"),
				Map.entry("zmq.clone.clients.settings.servers", "tcp://127.0.0.1:" + clonePort),
				Map.entry("zmq.clone.clients.counters.servers", "tcp://127.0.0.1:" + clonePort),
				Map.entry("zmq.clone.clients.counters.value-type", "java.lang.Long"),
				Map.entry("zmq.freelance.clients.names.servers", "tcp://127.0.0.1:5999")));
		ClassName initializer;
		InMemoryGeneratedFiles generated = new InMemoryGeneratedFiles();
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get(ZmqEntriesAotTests.class)), generated);
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("build", properties));
			context.register(CONFIGURATIONS);
			initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
		}
		// a native image can construct what the binder binds each entry to
		for (Class<?> keys : List.of(ZmqProxyEntry.Keys.class, ZmqLoadBalancingBrokerEntry.Keys.class,
				ZmqParanoidPirateQueueEntry.Keys.class, ZmqMajordomoBrokerEntry.Keys.class,
				ZmqMajordomoBrokerEntry.TitanicKeys.class, ZmqCloneServerEntry.Keys.class,
				ZmqCloneClientEntry.Keys.class, ZmqFreelanceClientEntry.Keys.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(keys.getDeclaredConstructors()[0]))
				.as(keys.getName())
				.accepts(generation.getRuntimeHints());
		}
		String sources = String.join("\n", read(generated.getGeneratedFiles(GeneratedFiles.Kind.SOURCE)).values());
		// the entries are not turned into generated bean definitions: the registrars run again
		assertThat(sources).contains("ProxyRegistrar", "BrokerRegistrar", "MajordomoBrokerRegistrar", "CloneRegistrar",
				"ClientRegistrar").doesNotContain("zmqProxy.pipeline").doesNotContain("zmqCloneMap.settings");
		loadCompiled(compile(generated));

		properties.put("zmq.proxies.pipeline.frontend", "@inproc://aot-runtime-in");
		try (GenericApplicationContext runtime = new GenericApplicationContext()) {
			runtime.getEnvironment().getPropertySources().addFirst(new MapPropertySource("runtime", properties));
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> aot = (ApplicationContextInitializer<GenericApplicationContext>) Class
				.forName(initializer.canonicalName())
				.getDeclaredConstructor()
				.newInstance();
			aot.initialize(runtime);
			runtime.refresh();
			assertThat(runtime.getBeansOfType(ZmqProxy.class)).containsOnlyKeys("zmqProxy.pipeline", "zmqProxy.lvc");
			ZmqProxy pipeline = runtime.getBean("zmqProxy.pipeline", ZmqProxy.class);
			assertThat(pipeline.getEndpoints()).contains("inproc://aot-runtime-in").doesNotContain("inproc://aot-build-in");
			assertThat(runtime.getBean("zmqProxy.lvc", ZmqProxy.class).getDefinition().maxTopics()).isEqualTo(7);
			assertThat(runtime.getBeansOfType(ZmqBroker.class)).containsOnlyKeys("zmqBroker.lb", "zmqBroker.pirates");
			assertThat(runtime.getBean("zmqBroker.pirates", ZmqBroker.class).getDefinition().maxMessageSize())
				.isEqualTo(4096);
			assertThat(runtime.getBeansOfType(MajordomoBroker.class)).containsOnlyKeys("majordomoBroker.mdp");
			assertThat(runtime.getBeansOfType(CloneServer.class)).containsOnlyKeys("zmqCloneServer.config");
			assertThat(runtime.getBeanNamesForType(ResolvableType.forClassWithGenerics(ZmqCloneMap.class, String.class)))
				.containsExactly("zmqCloneMap.settings");
			assertThat(runtime.getBeanNamesForType(ResolvableType.forClassWithGenerics(ZmqCloneMap.class, Long.class)))
				.containsExactly("zmqCloneMap.counters");
			assertThat(runtime.getBeansOfType(FreelanceClient.class)).containsOnlyKeys("freelanceClient.names");
			for (ZmqProxy proxy : runtime.getBeansOfType(ZmqProxy.class).values()) {
				assertThat(proxy.getState()).isEqualTo(ZmqActorState.RUNNING);
			}
			for (ZmqBroker broker : runtime.getBeansOfType(ZmqBroker.class).values()) {
				assertThat(broker.getState()).isEqualTo(ZmqActorState.RUNNING);
			}
			assertThat(runtime.getBean(MajordomoBroker.class).getState()).isEqualTo(ZmqActorState.RUNNING);
			assertThat(runtime.getBean(CloneServer.class).getState()).isEqualTo(ZmqActorState.RUNNING);
		}
	}

	private static Map<String, String> read(Map<String, InputStreamSource> files) throws IOException {
		Map<String, String> read = new java.util.TreeMap<>();
		for (Map.Entry<String, InputStreamSource> file : files.entrySet()) {
			try (InputStream in = file.getValue().getInputStream()) {
				read.put(file.getKey(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		return read;
	}

	/** Compiles the generated sources against the test class path, as the AOT build does. */
	private Path compile(InMemoryGeneratedFiles generated) throws IOException {
		Path sources = this.build.resolve("sources");
		Path classes = Files.createDirectories(this.build.resolve("classes"));
		List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), "-parameters", "-proc:none", "-nowarn"));
		for (Map.Entry<String, String> source : read(generated.getGeneratedFiles(GeneratedFiles.Kind.SOURCE)).entrySet()) {
			Path file = sources.resolve(source.getKey());
			Files.createDirectories(file.getParent());
			Files.writeString(file, source.getValue());
			arguments.add(file.toString());
		}
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).as("javac of the generated code")
			.isZero();
		return classes;
	}

	/**
	 * Defines every compiled class in the package (and so the class loader) of the class it was
	 * generated for, since the generated code calls package-private members, as the AOT build's
	 * compiled classes do from the application's jar.
	 */
	private static void loadCompiled(Path classes) throws Exception {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(classes)) {
			files = walk.filter((file) -> file.toString().endsWith(".class")).sorted().toList();
		}
		for (Path file : files) {
			String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
			String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
			String anchor = topLevel.contains("__") ? topLevel.substring(0, topLevel.indexOf("__")) : topLevel;
			Class<?> host = Class.forName(anchor);
			MethodHandles.privateLookupIn(host, MethodHandles.lookup()).defineClass(Files.readAllBytes(file));
		}
	}

}
