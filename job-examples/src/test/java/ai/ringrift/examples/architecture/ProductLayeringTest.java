package ai.ringrift.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole product as the runnable jar assembles it (db, scheduler-core, guard-plugin, cli and the
 * example jobs): no package cycles anywhere, and the product (cli) knows nothing of the examples
 * (DESIGN.md section 2). guard-plugin's own ArchitectureTest pins its core and adapters.
 */
class ProductLayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.ringrift");
    }

    @Test
    void everyModuleIsOnTheClassPath() {
        for (String p : new String[] {"ai.ringrift.db", "ai.ringrift.scheduler", "ai.ringrift.guard.pipeline",
            "ai.ringrift.cli", "ai.ringrift.examples.jobs"}) {
            assertThat(classes.containPackage(p)).as(p).isTrue();
        }
    }

    @Test
    void noPackageCyclesInTheProduct() {
        slices().matching("ai.ringrift.(**)").should().beFreeOfCycles()
                .because("dependencies point one way (DESIGN.md section 2)").check(classes);
    }

    @Test
    void theProductDoesNotKnowTheExamples() {
        noClasses().that().resideOutsideOfPackage("ai.ringrift.examples..")
                .should().dependOnClassesThat().resideInAPackage("ai.ringrift.examples..")
                .because("job-examples is a user of the product: the daemon and CLI must run without it")
                .check(classes);
    }
}
