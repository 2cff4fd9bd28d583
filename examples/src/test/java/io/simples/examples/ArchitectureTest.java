package io.simples.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;

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
}
