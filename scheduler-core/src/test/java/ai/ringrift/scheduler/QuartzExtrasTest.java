package ai.ringrift.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import ai.ringrift.scheduler.model.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins and listeners configured only through quartz.properties-style lines in
 * {@link SchedulerSettings#extra()} work as in any Quartz application; the Database is in the
 * context by the time plugins start.
 */
class QuartzExtrasTest {

    @TempDir
    Path dir;

    @Test
    void pluginAndListenerFromExtraPropertiesAreInitializedStartedAndCalled() {
        ProbePlugin.EVENTS.clear();
        CountingJobListener.EXECUTED.clear();
        Properties extra = new Properties();
        extra.setProperty("org.quartz.plugin.probe.class", ProbePlugin.class.getName());
        extra.setProperty("org.quartz.plugin.probe.greeting", "hello");
        extra.setProperty("org.quartz.jobListener.counter.class", CountingJobListener.class.getName());
        extra.setProperty("org.quartz.jobListener.counter.name", "counter");
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("extras")))) {
            GuardedScheduler scheduler = GuardedScheduler.create(db,
                    SchedulerSettings.defaults().withInstanceName("extras").withProperties(extra));
            try {
                assertThat(ProbePlugin.EVENTS).containsExactly("initialize probe hello");
                scheduler.start();
                assertThat(ProbePlugin.EVENTS).containsExactly("initialize probe hello", "start");
                assertThat(ProbePlugin.seenDatabase).isSameAs(db);

                scheduler.register(JobSpec.builder("listened", CountingJob.class).every(Duration.ofHours(1)).build());
                await().atMost(Duration.ofSeconds(20)).until(() -> CountingJobListener.EXECUTED.contains("listened"));
            } finally {
                scheduler.shutdown(true);
            }
            assertThat(ProbePlugin.EVENTS).containsExactly("initialize probe hello", "start", "shutdown");
        }
    }

    @Test
    void extraPropertiesOverrideTheDefaults() {
        SchedulerSettings settings = SchedulerSettings.defaults()
                .withProperty("org.quartz.threadPool.threadCount", "2")
                .withProperty("org.quartz.jobStore.misfireThreshold", "1234");
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dir.resolve("override")))) {
            Properties p = QuartzProperties.of(db, settings);
            assertThat(p.getProperty("org.quartz.threadPool.threadCount")).isEqualTo("2");
            assertThat(p.getProperty("org.quartz.jobStore.misfireThreshold")).isEqualTo("1234");
            assertThat(p.getProperty("org.quartz.jobStore.driverDelegateClass")).isEqualTo(QuartzProperties.STD_DELEGATE);
            assertThat(p.getProperty("org.quartz.jobStore.useProperties")).isEqualTo("true");
            assertThat(p.getProperty("org.quartz.jobStore.isClustered")).isEqualTo("false");
            GuardedScheduler scheduler = GuardedScheduler.create(db, settings);
            try {
                assertThat(scheduler.quartz().getMetaData().getThreadPoolSize()).isEqualTo(2);
                assertThat(scheduler.quartz().getMetaData().isJobStoreSupportsPersistence()).isTrue();
            } catch (org.quartz.SchedulerException e) {
                throw new AssertionError(e);
            } finally {
                scheduler.shutdown(false);
            }
        }
    }
}
