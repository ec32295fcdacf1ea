package dev.zmqspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The library's layering, checked on its bytecode: no cycle between its packages (each Guide concept
 * is one package, and the lower layers never reach up), and no Spring Boot type anywhere in it (the
 * auto-configuration module is the only place that knows about Boot and about {@code zmq.*}
 * properties).
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
		slices().matching("dev.zmqspring.(**)").should().beFreeOfCycles().check(LIBRARY);
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
