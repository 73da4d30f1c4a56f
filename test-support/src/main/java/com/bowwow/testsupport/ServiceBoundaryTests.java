package com.bowwow.testsupport;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.autoconfigure.SpringBootApplication;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries every service keeps, checked over the service's own classes (not its
 * dependencies'). A service's test extends this with its application class; the
 * application's package is the service's base package and each package below it a
 * feature.
 */
@TestInstance(Lifecycle.PER_CLASS)
public abstract class ServiceBoundaryTests {

	/** Shared code every service may use: the common libraries and the contracts. */
	private static final String[] SHARED = { "com.bowwow.common..", "com.bowwow.*.api..",
			"com.bowwow.user.projection..", "com.bowwow.location.index.." };

	/** Types of the servlet stack, which the reactive gateway must not use. */
	public static final ArchRule NO_SERVLET_TYPES = noClasses().should()
		.dependOnClassesThat()
		.resideInAnyPackage("jakarta.servlet..", "org.springframework.web.servlet..",
				"org.springframework.boot.webmvc..", "org.springframework.boot.web.servlet..",
				"org.springframework.boot.tomcat..", "org.springframework.security.config.annotation.web.builders..",
				"org.springframework.security.config.annotation.web.configuration..",
				"org.springframework.security.web.servlet..");

	private static final DescribedPredicate<JavaClass> USES_THE_DATABASE = DescribedPredicate
		.describe("use the database (org.springframework.jdbc, java.sql)", ServiceBoundaryTests::usesTheDatabase);

	/**
	 * Spring AOT's generated bean definitions and proxies ({@code Foo__BeanDefinitions},
	 * {@code $$SpringCGLIB$$}), which a package ({@code ./run.sh}) leaves in
	 * target/classes for the next test run: generated, public by design, not ours to
	 * judge.
	 */
	private static final ImportOption NOT_SPRING_AOT_OUTPUT = (
			location) -> !location.matches(Pattern.compile(".*(__|\\$\\$SpringCGLIB\\$\\$)[^/]*\\.class"));

	private final String basePackage;

	private final JavaClasses production;

	/** Production and test classes: who needs a type decides whether it is public. */
	private final JavaClasses withTests;

	protected ServiceBoundaryTests(Class<?> application) {
		this.basePackage = application.getPackageName();
		URL classes = application.getProtectionDomain().getCodeSource().getLocation();
		URL testClasses = getClass().getProtectionDomain().getCodeSource().getLocation();
		this.production = new ClassFileImporter().withImportOption(NOT_SPRING_AOT_OUTPUT).importUrl(classes);
		this.withTests = new ClassFileImporter().withImportOption(NOT_SPRING_AOT_OUTPUT)
			.importUrls(List.of(classes, testClasses));
	}

	/** The production classes of this service, for rules a service adds. */
	protected JavaClasses production() {
		return this.production;
	}

	@Test
	void featurePackagesFormNoCycles() {
		SliceRule rule = slices().matching(this.basePackage + ".(*)..").should().beFreeOfCycles();
		for (Map.Entry<String, String> accepted : acceptedCycleDependencies().entrySet()) {
			rule = rule.ignoreDependency(name(accepted.getKey()), resideInAPackage(accepted.getValue()));
		}
		rule.check(this.production);
	}

	/**
	 * Dependencies (origin class name to target package) that close a cycle between
	 * feature packages the service has not untangled yet: each one is a known debt, named
	 * where the service's test says why. None by default.
	 */
	protected Map<String, String> acceptedCycleDependencies() {
		return Map.of();
	}

	@Test
	void dependsOnNoOtherServiceOnlyOnSharedCode() {
		noClasses().should()
			.dependOnClassesThat(resideInAPackage("com.bowwow..")
				.and(not(resideInAPackage(this.basePackage + "..")).and(not(resideInAnyPackage(SHARED)))))
			.check(this.production);
	}

	/**
	 * Controllers' request and response records are the wire types: a store or a JDBC
	 * type never appears in a handler's signature.
	 */
	@Test
	void persistenceTypesStayOffTheWire() {
		methods().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
			.should(new ArchCondition<>("take and return no type that uses the database") {
				@Override
				public void check(JavaMethod method, ConditionEvents events) {
					Stream
						.concat(method.getReturnType().getAllInvolvedRawTypes().stream(),
								method.getParameterTypes()
									.stream()
									.flatMap((type) -> type.getAllInvolvedRawTypes().stream()))
						.filter(USES_THE_DATABASE)
						.forEach((type) -> events.add(SimpleConditionEvent.violated(method,
								method.getFullName() + " has " + type.getName() + " in its signature")));
				}
			})
			.allowEmptyShould(true)
			.check(this.production);
	}

	/** Package-private by default: a public type is one another package needs. */
	@Test
	void typesArePublicOnlyWhereAnotherPackageNeedsThem() {
		classes().that()
			.arePublic()
			.and()
			.areTopLevelClasses()
			.and()
			.areNotAnnotatedWith(SpringBootApplication.class)
			.should(usedFromAnotherPackage())
			.allowEmptyShould(true)
			.check(this.production);
	}

	private ArchCondition<JavaClass> usedFromAnotherPackage() {
		return new ArchCondition<>("be used from another package (else package-private)") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				// a use of a nested type (Outer.Inner) needs the outer type public too
				boolean foreign = ServiceBoundaryTests.this.withTests.stream()
					.filter((used) -> used.getName().equals(type.getName())
							|| used.getName().startsWith(type.getName() + "$"))
					.flatMap((used) -> used.getDirectDependenciesToSelf().stream())
					.anyMatch((
							dependency) -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()));
				if (!foreign) {
					events.add(SimpleConditionEvent.violated(type,
							type.getName() + " is public but only its own package uses it"));
				}
			}
		};
	}

	private static boolean usesTheDatabase(JavaClass type) {
		return type.getPackageName().startsWith("java.sql") || type.getDirectDependenciesFromSelf()
			.stream()
			.map((dependency) -> dependency.getTargetClass().getPackageName())
			.anyMatch((target) -> target.startsWith("org.springframework.jdbc") || target.startsWith("java.sql"));
	}

	/**
	 * Contracts and common code stay below the services, whichever service reads them.
	 */
	@Test
	void contractsAndCommonCodeDependOnNoService() {
		JavaClasses shared = new ClassFileImporter().withImportOption(NOT_SPRING_AOT_OUTPUT)
			.importPackages("com.bowwow");
		classes().that()
			.resideInAPackage("com.bowwow.*.api..")
			.should()
			.onlyDependOnClassesThat(not(resideInAPackage("com.bowwow.."))
				.or(resideInAnyPackage("com.bowwow.*.api..", "com.bowwow.common..")))
			.allowEmptyShould(true)
			.check(shared);
		noClasses().that()
			.resideInAPackage("com.bowwow.*.api..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "org.springframework.security..",
					"org.springframework.jdbc..")
			.allowEmptyShould(true)
			.check(shared);
		noClasses().that()
			.resideInAPackage("com.bowwow.common..")
			.should()
			.dependOnClassesThat(resideInAPackage("com.bowwow..").and(not(resideInAPackage("com.bowwow.common.."))))
			.check(shared);
	}

}
