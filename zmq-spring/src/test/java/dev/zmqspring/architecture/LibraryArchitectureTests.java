package dev.zmqspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.zmqspring.architecture.leak.LeakyComponent;
import dev.zmqspring.architecture.leak.SealedOff;
import dev.zmqspring.architecture.leak.internal.Engine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The library's layering, checked on its bytecode: no cycle between its packages (each Guide concept
 * is one package, and the lower layers never reach up), and no Spring Boot type anywhere in it (the
 * auto-configuration module is the only place that knows about Boot and about {@code zmq.*}
 * properties). An internal package counts as part of the package it sits in, and no public type
 * outside one shows an internal type to applications ({@link PublicApiRules}, decision 0046).
 */
class LibraryArchitectureTests {

	private static final JavaClasses LIBRARY = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.zmqspring");

	@Test
	void packagesHaveNoCycles() {
		// the rule is only as good as what it reads: the engine and the template must be among it
		assertThat(LIBRARY.containPackage("dev.zmqspring.actor")).isTrue();
		assertThat(LIBRARY.containPackage("dev.zmqspring.core")).isTrue();
		slices().assignedFrom(PublicApiRules.concepts()).should().beFreeOfCycles().check(LIBRARY);
	}

	@Test
	void publicTypesDoNotExposeInternals() {
		assertThat(LIBRARY.containPackage("dev.zmqspring.core.internal")).isTrue();
		PublicApiRules.internalTypesStayInternal().check(LIBRARY);
	}

	@Test
	void internalsRuleSeesEverySignature() {
		JavaClasses fixture = new ClassFileImporter().importClasses(LeakyComponent.class, SealedOff.class, Engine.class);
		EvaluationResult result = PublicApiRules.internalTypesStayInternal().evaluate(fixture);
		String engine = Engine.class.getName();
		assertThat(result.getFailureReport().getDetails()).containsExactlyInAnyOrder(
				violation(LeakyComponent.class, "extends " + engine),
				violation(LeakyComponent.class, "field engine " + engine),
				violation(LeakyComponent.class, "<init>(…) takes " + engine),
				violation(LeakyComponent.class, "engines(…) returns " + engine),
				violation(LeakyComponent.class, "forSubclasses(…) returns " + engine));
	}

	private static String violation(Class<?> type, String leak) {
		return type.getName() + " " + leak;
	}

	@Test
	void libraryDoesNotUseSpringBoot() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot..").check(LIBRARY);
	}

	@Test
	void libraryDoesNotReachIntoTheAutoConfiguration() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.zmqspring.autoconfigure..", "dev.zmqspring.actuate..")
			.check(LIBRARY);
	}

}
