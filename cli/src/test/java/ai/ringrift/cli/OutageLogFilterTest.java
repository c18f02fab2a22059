package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** During an outage only JobRunr's, HikariCP's and Quartz's warnings are dropped; never the guard's. */
class OutageLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final OutageLogFilter filter = new OutageLogFilter();
    private final AtomicBoolean outage = new AtomicBoolean();

    @AfterEach
    void reset() {
        OutageLogFilter.watch(null);
    }

    private FilterReply reply(String logger, Level level) {
        return filter.decide(null, context.getLogger(logger), level, "x", null, new RuntimeException("down"));
    }

    @Test
    void dropsThirdPartyWarningsOnlyWhileTheDatabaseIsUnreachable() {
        OutageLogFilter.watch(outage::get);
        assertThat(reply("org.jobrunr.server.zookeeper.ServerZooKeeper", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
        outage.set(true);
        long before = OutageLogFilter.dropped();
        assertThat(reply("org.jobrunr.server.zookeeper.ServerZooKeeper", Level.ERROR)).isEqualTo(FilterReply.DENY);
        assertThat(reply("com.zaxxer.hikari.pool.PoolBase", Level.WARN)).isEqualTo(FilterReply.DENY);
        assertThat(reply("org.quartz.impl.jdbcjobstore.JobStoreTX", Level.ERROR)).isEqualTo(FilterReply.DENY);
        assertThat(OutageLogFilter.dropped()).isEqualTo(before + 3);
        // the guard's own outage lines, other libraries and info lines pass
        assertThat(reply("ai.ringrift.db.DatabaseHealth", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(reply("org.flywaydb.core.Flyway", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(reply("org.jobrunrx.Other", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(reply("org.jobrunr.server.BackgroundJobServer", Level.INFO)).isEqualTo(FilterReply.NEUTRAL);
        outage.set(false);
        assertThat(reply("com.zaxxer.hikari.pool.PoolBase", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void theDaemonsLogConfigurationInstallsIt() throws Exception {
        try (var in = getClass().getResourceAsStream("/logback.xml")) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("<turboFilter class=\"" + OutageLogFilter.class.getName() + "\"/>");
        }
    }
}
