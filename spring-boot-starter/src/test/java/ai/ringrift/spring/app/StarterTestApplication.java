package ai.ringrift.spring.app;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.ReadingSource;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.spring.GuardReadingSources;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small Spring Boot application with one Quartz job; its readings are injected (see {@link Readings}). */
@SpringBootApplication
public class StarterTestApplication {

    @Bean
    public JobDetail countingJob() {
        return JobBuilder.newJob(CountingJob.class).withIdentity(CountingJob.NAME).storeDurably().build();
    }

    @Bean
    public Readings readings() {
        return new Readings();
    }

    @Bean
    public GuardReadingSources guardReadingSources(Readings readings) {
        return new GuardReadingSources(List.of(readings));
    }

    /** Host readings the test sets: CPU, memory and disk in percent. */
    public static final class Readings implements ReadingSource {
        private final Map<Resource, Double> percent = new EnumMap<>(Resource.class);

        Readings() {
            reset();
        }

        public synchronized void reset() {
            percent.put(Resource.CPU, 10.0);
            percent.put(Resource.MEMORY, 30.0);
            percent.put(Resource.DISK, 20.0);
        }

        public synchronized void set(Resource resource, double pct) {
            percent.put(resource, pct);
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public synchronized List<Reading> read() {
            Instant now = Instant.now();
            return percent.entrySet().stream().map(e -> Reading.percent(e.getKey(), e.getValue(), "host", now)).toList();
        }

        @Override
        public Set<Resource> covers() {
            return Set.of(Resource.CPU, Resource.MEMORY, Resource.DISK);
        }
    }
}
