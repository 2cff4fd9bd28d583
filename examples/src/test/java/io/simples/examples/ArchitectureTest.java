package io.simples.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaStaticInitializer;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of docs/ARCHITECTURE.md that a compiler does not check: how the modules layer, and
 * that the API packages show no Netty type and no internal type to applications. Here because
 * this module sees every other one.
 */
@AnalyzeClasses(packages = "io.simples",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** Test code that modules share through test jars (simples-session's {@code TestWatch}): no module's code. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    /** The packages applications may use. */
    static final String[] API = {"io.simples.session", "io.simples.core", "io.simples.ws", "io.simples.http", "io.simples.client",
            "io.simples.test"};

    /** The methods of {@code HTTPConnection} that write the response. */
    static final Set<String> ANSWERING = Set.of("status", "header", "type", "lang", "cookie", "cache", "links",
            "write", "end", "send", "drain", "render", "redirect", "error", "close");

    @ArchTest
    static final ArchRule sessions_know_no_netty_and_no_server = noClasses()
            .that().resideInAPackage("io.simples.session..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.simples.core..",
                    "io.simples.ws..", "io.simples.http..", "io.simples.client..");

    @ArchTest
    static final ArchRule core_knows_neither_ws_nor_http_nor_the_client = noClasses()
            .that().resideInAPackage("io.simples.core..")
            .should().dependOnClassesThat().resideInAnyPackage("io.simples.ws..", "io.simples.http..", "io.simples.client..");

    @ArchTest
    static final ArchRule ws_knows_neither_http_nor_the_client = noClasses()
            .that().resideInAPackage("io.simples.ws..")
            .should().dependOnClassesThat().resideInAnyPackage("io.simples.http..", "io.simples.client..");

    /**
     * The server and the client are modules side by side, each on simples-ws and simples-core:
     * neither calls the other (the test kit joins them through a socket address).
     */
    @ArchTest
    static final ArchRule the_server_knows_no_client = noClasses()
            .that().resideInAPackage("io.simples.http..")
            .should().dependOnClassesThat().resideInAPackage("io.simples.client..");

    @ArchTest
    static final ArchRule the_client_knows_no_server = noClasses()
            .that().resideInAPackage("io.simples.client..")
            .should().dependOnClassesThat().resideInAPackage("io.simples.http..");

    /**
     * The transport seam: routing, sessions, CORS, compression, static files, errors and access
     * logs know no class of either wire, HTTP/1.1 or HTTP/2; each wire plugs in through
     * {@code Transport}.
     */
    @ArchTest
    static final ArchRule the_exchange_knows_no_wire = noClasses()
            .that().resideInAPackage("io.simples.http.internal")
            .should().dependOnClassesThat().resideInAnyPackage("io.simples.http.internal.http1..",
                    "io.simples.http.internal.http2..");

    /**
     * {@code HTTPConnection} is the listeners' face of an exchange: the framework's own code answers
     * through the exchange's {@code Response} (ClientScript is a route listener, the one exception).
     */
    @ArchTest
    static final ArchRule the_framework_answers_through_the_response_not_the_listeners_face = noClasses()
            .that().resideInAPackage("io.simples.http.internal..")
            .and().doNotHaveSimpleName("ClientScript")
            .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a method of HTTPConnection that answers",
                    call -> call.getTargetOwner().getName().equals("io.simples.http.HTTPConnection")
                            && ANSWERING.contains(call.getName())));

    /** Nothing of the framework depends on the test kit: it sits on top, as an application's tests do. */
    @ArchTest
    static final ArchRule nothing_depends_on_the_test_kit = noClasses()
            .that().resideInAnyPackage("io.simples.session..", "io.simples.core..", "io.simples.ws..", "io.simples.http..",
                    "io.simples.client..")
            .should().dependOnClassesThat().resideInAPackage("io.simples.test..");

    /**
     * The test kit reaches a server's in-process listener through {@code http.internal.InProcess}
     * only (the shared secret {@code Server} installs) and knows no Netty type and no wire: its
     * client is the public {@code Client}, its connections whatever the server's pipeline makes.
     */
    @ArchTest
    static final ArchRule the_test_kit_uses_the_api_and_one_door = noClasses()
            .that().resideInAPackage("io.simples.test..")
            .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a Netty class, or an internal class other than io.simples.http.internal.InProcess",
                    type -> type.getPackageName().startsWith("io.netty") || type.getPackageName().contains(".internal")
                            && !type.getName().startsWith("io.simples.http.internal.InProcess")));

    @ArchTest
    static final ArchRule examples_use_only_the_api = noClasses()
            .that().resideInAPackage("io.simples.examples..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.simples..internal..");

    /**
     * Netty, Lettuce and our internals stay behind the API. Jackson shows in one type,
     * {@code JsonNode} ({@code RequestBody.json()}: a JSON body read as a tree), on purpose: Jackson
     * 3 is our JSON, its annotations shape what {@code json(type)} and {@code send(object)} map,
     * and a mapper interface of our own (Javalin's way) would hide it only to re-expose it.
     */
    @ArchTest
    static final ArchRule the_api_shows_no_netty_lettuce_or_internal_type_and_of_jackson_only_JsonNode = classes()
            .that().resideInAnyPackage(API).and().arePublic()
            .should(new ArchCondition<>("show no io.netty, io.lettuce or internal type, and of Jackson only JsonNode, "
                    + "in a public or protected signature") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    for (JavaClass supertype : type.getAllRawSuperclasses()) {
                        report(events, type, type.getName() + " extends", supertype);
                    }
                    for (JavaClass supertype : type.getAllRawInterfaces()) {
                        report(events, type, type.getName() + " implements", supertype);
                    }
                    for (JavaMember member : type.getMembers()) {
                        Set<JavaModifier> modifiers = member.getModifiers();
                        if (!modifiers.contains(JavaModifier.PUBLIC) && !modifiers.contains(JavaModifier.PROTECTED)) {
                            continue;
                        }
                        Set<JavaClass> shown = new LinkedHashSet<>();
                        if (member instanceof JavaField field) {
                            shown.addAll(field.getType().getAllInvolvedRawTypes());
                        } else if (member instanceof JavaCodeUnit code) {
                            shown.addAll(code.getReturnType().getAllInvolvedRawTypes());
                            code.getParameterTypes().forEach(parameter -> shown.addAll(parameter.getAllInvolvedRawTypes()));
                        }
                        for (JavaClass shownType : shown) {
                            report(events, member, member.getFullName() + " shows", shownType);
                        }
                    }
                }

                private void report(ConditionEvents events, Object where, String what, JavaClass shown) {
                    String name = shown.getPackageName();
                    boolean jackson = name.startsWith("tools.jackson") && !shown.getName().equals("tools.jackson.databind.JsonNode");
                    if (name.startsWith("io.netty") || name.startsWith("io.lettuce") || jackson || name.contains(".internal")) {
                        events.add(SimpleConditionEvent.violated(where, what + " " + shown.getName()));
                    }
                }
            });

    /**
     * An internal type is public only because another package needs it: one that only its own
     * package uses is package-private (a public one is a door nobody asked for).
     */
    @ArchTest
    static final ArchRule internal_types_are_public_only_for_another_package = classes()
            .that().resideInAPackage("io.simples..internal..").and().arePublic().and().areTopLevelClasses()
            .should(new ArchCondition<>("be used from another package") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean used = type.getDirectDependenciesToSelf().stream()
                            .anyMatch(dependency -> !dependency.getOriginClass().getPackageName().equals(type.getPackageName()));
                    if (!used) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " is public, and only its own package uses it"));
                    }
                }
            });

    /**
     * One door per module between its API and its internals (the JDK's "shared secrets" pattern):
     * the one internal class whose {@code install} methods the module's API classes call from
     * their static initializers, and nobody else calls.
     */
    @ArchTest
    static final ArchRule each_module_has_at_most_one_door = classes()
            .that().resideInAPackage("io.simples..internal..").and(declareAnInstallMethod())
            .should(new ArchCondition<>("be their module's only door") {
                private final Map<String, Set<String>> doors = new TreeMap<>();

                @Override
                public void check(JavaClass door, ConditionEvents events) {
                    doors.computeIfAbsent(module(door), module -> new TreeSet<>()).add(door.getName());
                }

                @Override
                public void finish(ConditionEvents events) {
                    doors.forEach((module, names) -> events.add(new SimpleConditionEvent(module, names.size() == 1,
                            module + " has " + names.size() + " doors: " + names)));
                }
            });

    @ArchTest
    static final ArchRule doors_are_installed_only_by_their_module_api_at_class_initialisation = noClasses()
            .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "an install method of an internal class, from anywhere but a static initializer of its module's API",
                    call -> call.getName().equals("install") && isStatic(call)
                            && call.getTargetOwner().getPackageName().contains(".internal")
                            && call.getTargetOwner().getPackageName().startsWith("io.simples")
                            && !(call.getOrigin().getName().equals(JavaStaticInitializer.STATIC_INITIALIZER_NAME)
                            && call.getOriginOwner().getPackageName().equals(module(call.getTargetOwner())))));

    /** {@code io.simples.ws} for any class of {@code io.simples.ws..}. */
    static String module(JavaClass type) {
        String[] parts = type.getPackageName().split("\\.");
        return parts.length < 3 ? type.getPackageName() : parts[0] + "." + parts[1] + "." + parts[2];
    }

    static boolean isStatic(com.tngtech.archunit.core.domain.JavaMethodCall call) {
        return call.getTarget().resolveMember().map(method -> method.getModifiers().contains(JavaModifier.STATIC)).orElse(false);
    }

    static com.tngtech.archunit.base.DescribedPredicate<JavaClass> declareAnInstallMethod() {
        return com.tngtech.archunit.base.DescribedPredicate.describe("declare a public static install method",
                type -> type.getMethods().stream().anyMatch(method -> method.getName().equals("install")
                        && method.getModifiers().containsAll(Set.of(JavaModifier.PUBLIC, JavaModifier.STATIC))));
    }

    /**
     * Public for a test or a benchmark in another module, which this import does not see: the
     * conformance table on an embedded channel (simples-http's {@code ConformanceTest}), a
     * session's release, which nothing signals ({@code SessionWiringTest}), route lookup
     * ({@code RouteLookupBenchmark}).
     */
    static final Set<String> FOR_TESTS = Set.of("io.simples.http.internal.RouteTable.find(java.lang.String, java.lang.String)",
            "io.simples.http.internal.http1.HttpPipeline.<init>(io.simples.http.internal.Application, io.simples.http.ServerOptions, "
                    + "io.netty.handler.ssl.SslContext, io.simples.http.internal.http1.InFlight)",
            "io.simples.http.internal.http1.InFlight.<init>()",
            "io.simples.core.internal.SessionRegistry.size()");

    /**
     * A public member of a public internal type is there because another package uses it: one
     * that only its own package uses is package-private. Records, enums, interfaces and overrides
     * are public by the language's rules, not ours; constants cannot be followed (the compiler
     * copies them into their users).
     */
    @ArchTest
    static final ArchRule internal_members_are_public_only_for_another_package = classes()
            .that().resideInAPackage("io.simples..internal..").and().arePublic().and().areNotRecords()
            .and().areNotEnums().and().areNotInterfaces()
            .should(new ArchCondition<>("have public members only for another package") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    for (JavaMember member : type.getMembers()) {
                        if (!member.getModifiers().contains(JavaModifier.PUBLIC) || overrides(member) || constant(member)
                                || FOR_TESTS.contains(member.getFullName())) {
                            continue;
                        }
                        boolean elsewhere = member.getAccessesToSelf().stream()
                                .anyMatch(access -> !access.getOriginOwner().getPackageName().equals(type.getPackageName()));
                        if (!elsewhere) {
                            events.add(SimpleConditionEvent.violated(member, member.getFullName()
                                    + " is public, and no other package uses it"));
                        }
                    }
                }

                /** The compiler copies a constant into its users: who reads it cannot be seen here. */
                private boolean constant(JavaMember member) {
                    return member instanceof JavaField field && field.getModifiers().contains(JavaModifier.FINAL)
                            && field.getModifiers().contains(JavaModifier.STATIC)
                            && (field.getRawType().isPrimitive() || field.getRawType().getName().equals("java.lang.String"));
                }

                /** By name and number of parameters: a generic supertype's erased parameters differ from the override's. */
                private boolean overrides(JavaMember member) {
                    if (!(member instanceof JavaMethod method)) {
                        return false;
                    }
                    JavaClass owner = method.getOwner();
                    return java.util.stream.Stream.concat(owner.getAllRawSuperclasses().stream(), owner.getAllRawInterfaces().stream())
                            .flatMap(supertype -> supertype.getMethods().stream())
                            .anyMatch(other -> other.getName().equals(method.getName())
                                    && other.getRawParameterTypes().size() == method.getRawParameterTypes().size());
                }
            });
}
