package ai.ringrift.guard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md section 2, pinned: the framework-free core (readings, policy, safety,
 * pipeline, eviction, library API, and the settings records) imports no Quartz, JobRunr, HTTP server or
 * Micrometer type, and no two packages of {@code ai.ringrift} depend on each other in a cycle.
 * Imports the production classes of guard-plugin and of the modules below it (db, scheduler-core).
 */
class ArchitectureTest {

    /** The core: what a host uses without any framework, and what the adapters translate into. */
    static final String[] CORE = {
            "ai.ringrift.guard.sample..", "ai.ringrift.guard.policy..", "ai.ringrift.guard.safety..",
            "ai.ringrift.guard.api..", "ai.ringrift.guard.pipeline..", "ai.ringrift.guard.eviction.."};

    /** Framework types the core must not see. */
    static final String[] FRAMEWORKS = {
            "org.quartz..", "org.jobrunr..", "com.sun.net.httpserver..", "io.micrometer.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.ringrift");
    }

    /** Settings records: immutable settings objects the runtime is built from, wherever they live. */
    static final DescribedPredicate<JavaClass> SETTINGS_RECORDS = new DescribedPredicate<>(
            "settings records (records named *Settings in ai.ringrift.guard..)") {
        @Override
        public boolean test(JavaClass c) {
            return c.isRecord() && c.getPackageName().startsWith("ai.ringrift.guard")
                    && c.getSimpleName().endsWith("Settings");
        }
    };

    @Test
    void theCoreImportsNoFrameworkType() {
        ArchRule rule = noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("the core is framework-free (DESIGN.md section 2): adapters translate to and from it");
        rule.check(classes);
    }

    @Test
    void settingsRecordsImportNoFrameworkType() {
        ArchRule rule = noClasses().that(SETTINGS_RECORDS)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .because("config binds straight into plain settings objects (DESIGN.md section 7)");
        rule.check(classes);
    }

    @Test
    void theClassesAreThere() {
        // a guard against a rule passing because nothing was imported
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("ai.ringrift.guard.policy")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("ai.ringrift.db")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.containPackage("ai.ringrift.scheduler")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.stream().anyMatch(SETTINGS_RECORDS)).isTrue();
    }

    @Test
    void noPackageCycles() {
        ArchRule rule = slices().matching("ai.ringrift.(**)").should().beFreeOfCycles()
                .because("dependencies point one way (DESIGN.md section 2)");
        rule.check(classes);
    }
}
