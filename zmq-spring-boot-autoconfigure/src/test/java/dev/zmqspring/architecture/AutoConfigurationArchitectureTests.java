package dev.zmqspring.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering across the library and its auto-configuration, checked on bytecode: no package cycle
 * anywhere under {@code dev.zmqspring} (an internal package counted with the package it sits in), the
 * actuator integration never depends on the auto-configuration classes that create it, and no public
 * type shows an internal one to applications ({@link PublicApiRules}, decision 0046). Test code, whether from a test-classes directory or a
 * test-jar, is left out.
 */
class AutoConfigurationArchitectureTests {

	private static final JavaClasses ALL = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		// a reactor build from 'verify' puts the library's test-jar on the class path as a jar, which
		// DO_NOT_INCLUDE_TESTS does not recognise: test helpers are not part of the layering
		.withImportOption(location -> !location.contains("-tests.jar"))
		.importPackages("dev.zmqspring");

	@Test
	void packagesHaveNoCycles() {
		// the rule is only as good as what it reads: the engine and the template must be among it
		assertThat(ALL.containPackage("dev.zmqspring.actor")).isTrue();
		assertThat(ALL.containPackage("dev.zmqspring.core")).isTrue();
		slices().assignedFrom(PublicApiRules.concepts()).should().beFreeOfCycles().check(ALL);
	}

	@Test
	void publicTypesDoNotExposeInternals() {
		assertThat(ALL.containPackage("dev.zmqspring.autoconfigure")).isTrue();
		PublicApiRules.internalTypesStayInternal().check(ALL);
	}

	@Test
	void actuateDoesNotDependOnAutoConfiguration() {
		noClasses().that()
			.resideInAPackage("dev.zmqspring.actuate..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.zmqspring.autoconfigure..")
			.check(ALL);
	}

}
