package ai.ringrift.scheduler.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

class JobSpecTest {

    /** A plain job. */
    public static class PlainJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }

    /** A job declaring itself. */
    @Guarded(priority = Priority.HIGH, gpuMemoryGb = 8, resizable = "num_games", resizableMin = 10,
            relieves = Resource.DISK)
    public static class SelfPlayJob extends PlainJob {
    }

    /** Not instantiable by Quartz. */
    public abstract static class AbstractJob implements Job {
    }

    /** No no-argument constructor. */
    public static class NeedsArgJob extends PlainJob {
        public NeedsArgJob(String x) {
        }
    }

    private static JobSpec.Builder plain(String name) {
        return JobSpec.builder(name, PlainJob.class).cron("0 0 * * * ?");
    }

    @Test
    void defaultsAndAnnotation() {
        JobSpec plain = plain("p").build();
        assertThat(plain.group()).isEqualTo("ringrift");
        assertThat(plain.declaration()).isEqualTo(JobDeclaration.DEFAULT);
        assertThat(plain.parameters()).isEmpty();
        JobSpec annotated = JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5))
                .parameter("num_games", "100").build();
        assertThat(annotated.declaration()).isEqualTo(JobDeclaration.forClass(SelfPlayJob.class));
        assertThat(annotated.declaration().priority()).isEqualTo(Priority.HIGH);
    }

    @Test
    void specWinsOverTheAnnotation() {
        JobDeclaration given = JobDeclaration.of(Priority.LOW, ResourceNeeds.of(1, 2, 0, 0));
        assertThat(JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5)).declaration(given).build()
                .declaration()).isEqualTo(given);
        JobSpec partly = JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5))
                .priority(Priority.CRITICAL).resizable("batch", 2).parameter("batch", "8").build();
        assertThat(partly.declaration()).isEqualTo(new JobDeclaration(Priority.CRITICAL, ResourceNeeds.of(0, 0, 8, 0),
                "batch", 2, Set.of(Resource.DISK)));
        assertThat(partly.toBuilder().group("g").build()).isEqualTo(new JobSpec("s", "g", SelfPlayJob.class,
                partly.schedule(), partly.declaration(), partly.parameters(), ""));
    }

    @Test
    void misfireDefaultsToTheSchedulesAndFireAllIsRefusedForAOneShot() {
        assertThat(plain("c").build().misfire()).as("cron").isEqualTo(Misfire.FIRE_ONCE);
        assertThat(JobSpec.builder("i", PlainJob.class).every(Duration.ofMinutes(5)).build().misfire()).as("interval")
                .isEqualTo(Misfire.SKIP);
        assertThat(JobSpec.builder("o", PlainJob.class).schedule(Schedule.once()).build().misfire()).as("one-shot")
                .isEqualTo(Misfire.FIRE_ONCE);
        JobSpec all = plain("c").misfire(Misfire.FIRE_ALL).build();
        assertThat(all.misfire()).isEqualTo(Misfire.FIRE_ALL);
        assertThat(all.toBuilder().build()).as("a chosen policy stays").isEqualTo(all);
        assertThat(plain("c").build().toBuilder().every(Duration.ofMinutes(5)).build().misfire())
                .as("the default follows a changed schedule").isEqualTo(Misfire.SKIP);
        assertThat(JobSpec.builder("o", PlainJob.class).schedule(Schedule.once()).misfire(Misfire.SKIP).build().misfire())
                .isEqualTo(Misfire.SKIP);
        assertThatThrownBy(() -> JobSpec.builder("o", PlainJob.class).schedule(Schedule.once()).misfire(Misfire.FIRE_ALL)
                .build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job 'o': misfire fireAll runs every missed fire of a repeating schedule; a one-shot job has"
                        + " one fire: use fireOnce (run it late) or skip (drop it)");
    }

    @Test
    void misfireKeysParseAndListTheChoices() {
        assertThat(Misfire.parse("fireOnce")).isEqualTo(Misfire.FIRE_ONCE);
        assertThat(Misfire.parse(" FIREALL ")).isEqualTo(Misfire.FIRE_ALL);
        assertThat(Misfire.parse("FIRE_ONCE")).isEqualTo(Misfire.FIRE_ONCE);
        assertThat(Misfire.parse("skip")).isEqualTo(Misfire.SKIP);
        assertThat(Misfire.keys()).isEqualTo("fireOnce, skip, fireAll");
        assertThatThrownBy(() -> Misfire.parse("later")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown misfire policy 'later': use one of fireOnce, skip, fireAll");
    }

    @Test
    void resizableParameterMustBeAnIntegerAtLeastItsMinimum() {
        assertThatThrownBy(() -> JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("job 's': resizable parameter 'num_games' is missing from the parameters:"
                        + " add it with an integer value >= 10");
        assertThatThrownBy(() -> JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5))
                .parameter("num_games", "many").build())
                .hasMessage("job 's': resizable parameter 'num_games' must be an integer >= 10, was 'many'");
        assertThatThrownBy(() -> JobSpec.builder("s", SelfPlayJob.class).every(Duration.ofMinutes(5))
                .parameter("num_games", "5").build())
                .hasMessageStartingWith("job 's': resizable parameter 'num_games' is 5, it must be an integer >= its minimum 10");
        assertThatThrownBy(() -> plain("p").resizable("n", 0).parameter("n", "3").build())
                .hasMessage("job 'p': resizable minimum must be >= 1, was 0");
    }

    @Test
    void otherBadInputNamesJobAndField() {
        assertThatThrownBy(() -> plain(" ").build()).hasMessage("job name is missing: give a non-blank name");
        assertThatThrownBy(() -> plain("x".repeat(151)).build()).hasMessageContaining("at most 150 are allowed");
        assertThatThrownBy(() -> JobSpec.builder("p", PlainJob.class).build())
                .hasMessageStartingWith("job 'p': schedule is missing: give Schedule.cron(");
        assertThatThrownBy(() -> JobSpec.builder("p", null).cron("0 0 * * * ?").build())
                .hasMessage("job 'p': job class is missing: give a class implementing org.quartz.Job");
        assertThatThrownBy(() -> JobSpec.builder("a", AbstractJob.class).cron("0 0 * * * ?").build())
                .hasMessageContaining("must be a public, concrete (static if nested) class");
        assertThatThrownBy(() -> JobSpec.builder("a", NeedsArgJob.class).cron("0 0 * * * ?").build())
                .hasMessageContaining("needs a public no-argument constructor");
        assertThatThrownBy(() -> plain("p").parameter("ringrift.priority", "HIGH").build())
                .hasMessage("job 'p': parameter 'ringrift.priority' uses the reserved prefix 'ringrift.': choose another name");
        assertThatThrownBy(() -> plain("p").parameter("k", null).build())
                .hasMessage("job 'p': parameter 'k' has no value");
        assertThatThrownBy(() -> plain("p").description("d".repeat(251)).build())
                .hasMessage("job 'p': description is 251 characters long, at most 250 are allowed");
    }
}
