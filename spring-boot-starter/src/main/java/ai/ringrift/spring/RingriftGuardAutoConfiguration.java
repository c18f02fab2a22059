package ai.ringrift.spring;

import ai.ringrift.db.Database;
import ai.ringrift.guard.config.GuardConfig;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;

/**
 * The ringrift guard on an application that uses {@code spring-boot-starter-quartz}: its listeners
 * on Spring's {@link Scheduler}, its tables (Flyway history {@code ringrift_schema_history}, apart
 * from the application's) and JobRunr's in the application's {@link DataSource}, its meters in the
 * application's {@link MeterRegistry}, its settings from {@code ringrift.*} (or the guard.yaml named
 * by {@code ringrift.boot.config-file}), invalid settings failing start-up with key, file and line.
 * Off with {@code ringrift.boot.enabled=false}. Every bean can be replaced by the application's own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.quartz.autoconfigure.QuartzAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({Scheduler.class, SchedulerFactoryBean.class})
@ConditionalOnBean({SchedulerFactoryBean.class, DataSource.class})
@ConditionalOnProperty(prefix = "ringrift.boot", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RingriftBootProperties.class)
public class RingriftGuardAutoConfiguration {

    /** The guard's settings, validated (a {@link GuardSettingsException} names every problem). */
    @Bean
    @ConditionalOnMissingBean
    public GuardConfig ringriftGuardConfig(ConfigurableEnvironment environment, RingriftBootProperties properties) {
        return EnvironmentGuardConfig.load(environment, properties);
    }

    /**
     * The application's DataSource as the guard's database, migrated (the guard's own Flyway set:
     * Quartz's tables unless they exist already, the audit and deferral tables). Never closed by
     * the guard: the application owns the pool.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    public Database ringriftDatabase(DataSource dataSource) {
        Database db = Database.wrap(dataSource);
        db.migrate();
        return db;
    }

    /**
     * Makes Spring's scheduler wait for the guard's migration: Spring registers the application's
     * jobs and triggers while it builds the scheduler, and they need Quartz's tables (which the
     * migration creates when {@code spring.quartz.jdbc.initialize-schema} did not).
     */
    @Bean
    public SchedulerFactoryBeanCustomizer ringriftMigratedFirst(Database ringriftDatabase) {
        return factory -> {
        };
    }

    @Bean
    @ConditionalOnMissingBean
    public RingriftGuardLifecycle ringriftGuard(Scheduler scheduler, GuardConfig config, Database database,
            ObjectProvider<MeterRegistry> registry, ObjectProvider<GuardReadingSources> sources,
            RingriftBootProperties properties) {
        return new RingriftGuardLifecycle(scheduler, config, database, registry.getIfAvailable(),
                sources.getIfAvailable(), properties);
    }
}
