package dev.zmqspring.architecture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The rules that keep the public API small (decision 0046), shared by the library's and the
 * auto-configuration's architecture tests. A package named {@code internal}, or below one, holds
 * engine internals: public only so that other packages of the library can reach them, never part of
 * what an application may rely on. What an application sees of a type is its supertypes and its
 * public members, and the protected members of a type it can subclass; none of them may name an
 * internal type. An internal package belongs to the concept above it ({@code core.internal} is part
 * of {@code core}) when packages are checked for cycles.
 */
public final class PublicApiRules {

	private static final String BASE = "dev.zmqspring.";

	private PublicApiRules() {
	}

	/** Whether a package is an internal one: named {@code internal}, or below such a package. */
	public static boolean isInternal(String packageName) {
		return packageName.startsWith(BASE) && (packageName.endsWith(".internal") || packageName.contains(".internal."));
	}

	/**
	 * One slice per Guide concept: a package of {@code dev.zmqspring}, an internal package (and what
	 * is below it) counted with the package it sits in.
	 */
	public static SliceAssignment concepts() {
		return new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				String name = javaClass.getPackageName();
				if (!name.startsWith(BASE)) {
					return SliceIdentifier.ignore();
				}
				int internal = name.indexOf(".internal");
				while (internal >= 0 && !isInternalSegment(name, internal)) {
					internal = name.indexOf(".internal", internal + 1);
				}
				return SliceIdentifier.of((internal < 0) ? name : name.substring(0, internal));
			}

			@Override
			public String getDescription() {
				return "packages of dev.zmqspring, each with its internal packages";
			}

		};
	}

	private static boolean isInternalSegment(String name, int at) {
		int end = at + ".internal".length();
		return end == name.length() || name.charAt(end) == '.';
	}

	/**
	 * No public type outside an internal package shows an internal type in its supertypes or in the
	 * signature of a member an application can reach: fields, constructors and methods (parameters,
	 * return type, thrown exceptions, with their type arguments).
	 */
	public static ArchRule internalTypesStayInternal() {
		return classes().that(exposedOutsideTheLibrary())
			.should(notExposeInternalTypes())
			.as("public types outside an internal package expose no internal type in their signatures");
	}

	private static DescribedPredicate<JavaClass> exposedOutsideTheLibrary() {
		return new DescribedPredicate<>("are visible to applications (public, outside an internal package)") {

			@Override
			public boolean test(JavaClass javaClass) {
				if (!javaClass.getPackageName().startsWith(BASE) || isInternal(javaClass.getPackageName())) {
					return false;
				}
				for (Optional<JavaClass> c = Optional.of(javaClass); c.isPresent(); c = c.get().getEnclosingClass()) {
					if (!c.get().getModifiers().contains(JavaModifier.PUBLIC)) {
						return false;
					}
				}
				return !javaClass.isAnonymousClass() && !javaClass.isLocalClass();
			}

		};
	}

	private static ArchCondition<JavaClass> notExposeInternalTypes() {
		return new ArchCondition<>("not expose internal types") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				List<String> leaks = new ArrayList<>();
				javaClass.getSuperclass().ifPresent((superclass) -> leak(leaks, "extends", superclass));
				for (JavaType anInterface : javaClass.getInterfaces()) {
					leak(leaks, "implements", anInterface);
				}
				boolean subclassable = !javaClass.getModifiers().contains(JavaModifier.FINAL)
						&& !javaClass.isEnum() && !javaClass.isRecord();
				for (JavaField field : javaClass.getFields()) {
					if (reachable(field.getModifiers(), subclassable)) {
						leak(leaks, "field " + field.getName(), field.getType());
					}
				}
				for (JavaCodeUnit unit : javaClass.getCodeUnits()) {
					if (unit.getModifiers().contains(JavaModifier.SYNTHETIC) || unit.getModifiers().contains(JavaModifier.BRIDGE)
							|| !reachable(unit.getModifiers(), subclassable)) {
						continue;
					}
					String where = unit.getName() + "(…)";
					leak(leaks, where + " returns", unit.getReturnType());
					for (JavaType parameter : unit.getParameterTypes()) {
						leak(leaks, where + " takes", parameter);
					}
					for (JavaClass thrown : unit.getExceptionTypes()) {
						leak(leaks, where + " throws", thrown);
					}
				}
				for (String leak : leaks) {
					events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + " " + leak));
				}
			}

		};
	}

	private static boolean reachable(Set<JavaModifier> modifiers, boolean subclassable) {
		return modifiers.contains(JavaModifier.PUBLIC) || (subclassable && modifiers.contains(JavaModifier.PROTECTED));
	}

	private static void leak(List<String> leaks, String where, JavaType type) {
		Set<JavaClass> internal = new LinkedHashSet<>();
		for (JavaClass involved : type.getAllInvolvedRawTypes()) {
			JavaClass base = involved.getBaseComponentType();
			if (isInternal(base.getPackageName())) {
				internal.add(base);
			}
		}
		for (JavaClass each : internal) {
			leaks.add(where + " " + each.getName());
		}
	}

}
