package ai.ringrift.cli;

import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.JobConfig;
import ai.ringrift.guard.config.JobSchedule;
import ai.ringrift.scheduler.Clustering;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Schedule;
import org.quartz.Job;

/** Turns guard.yaml's {@code quartz} section and {@code jobs} into scheduler settings and job specs. */
public final class SchedulerSetup {

    /** Quartz plugin property enabling the guard. */
    public static final String PLUGIN_CLASS_KEY = "org.quartz.plugin.guard.class";
    /** The plugin's opt-in HTTP endpoint (status, audit, metrics). */
    public static final String PLUGIN_HTTP_KEY = "org.quartz.plugin.guard.http";
    /** The plugin's opt-in JobRunr dashboard. */
    public static final String PLUGIN_DASHBOARD_KEY = "org.quartz.plugin.guard.dashboard";
    /** Quartz's instance id: the node id, so the job store and the audit name nodes alike. */
    public static final String INSTANCE_ID_KEY = "org.quartz.scheduler.instanceId";

    private SchedulerSetup() {
    }

    /**
     * Settings for the CLI's own (never started) scheduler: same instance name as the daemon, and
     * guard.yaml's cluster knobs and pass-through properties ({@code quartz.*}). A clustered
     * scheduler's instance id is the node id ({@code node.id}).
     */
    public static SchedulerSettings settings(GuardConfig c) {
        var q = c.quartz();
        Clustering clustering = switch (q.clustered()) {
            case AUTO -> Clustering.AUTO;
            case ON -> Clustering.ON;
            case OFF -> Clustering.OFF;
        };
        java.util.Properties props = new java.util.Properties();
        props.putAll(q.quartzProperties());
        SchedulerSettings s = SchedulerSettings.defaults().withInstanceName(q.instanceName())
                .withThreadCount(q.threadCount()).withClustered(clustering).withMisfireThreshold(q.misfireThreshold())
                .withProperties(props);
        return s;
    }

    /**
     * Settings for the daemon: the guard plugin with its HTTP endpoint and JobRunr's dashboard on
     * (a plugin in a host application has both off unless asked), and the node id as Quartz's
     * instance id when clustered.
     */
    public static SchedulerSettings daemonSettings(GuardConfig c) {
        return settings(c).withProperty(INSTANCE_ID_KEY, c.node().id())
                .withProperty(PLUGIN_CLASS_KEY, "ai.ringrift.guard.quartz.GuardPlugin")
                .withProperty(PLUGIN_HTTP_KEY, "true")
                .withProperty(PLUGIN_DASHBOARD_KEY, "true");
    }

    /** The job spec of one configured job (the configuration's declaration wins over annotations). */
    public static JobSpec spec(JobConfig j) {
        Class<? extends Job> type;
        try {
            type = Class.forName(j.className(), true, SchedulerSetup.class.getClassLoader()).asSubclass(Job.class);
        } catch (ClassNotFoundException | ClassCastException e) {
            throw CliException.usage("job '" + j.name() + "': class " + j.className()
                    + " is not an org.quartz.Job on the classpath");
        }
        JobSchedule js = j.schedule();
        Schedule schedule;
        if (js instanceof JobSchedule.Cron cron) {
            schedule = Schedule.cron(cron.expression());
        } else if (js instanceof JobSchedule.Every every) {
            schedule = Schedule.interval(every.interval());
        } else {
            schedule = Schedule.once();
        }
        JobSpec.Builder b = JobSpec.builder(j.name(), type).schedule(schedule).declaration(j.toJobDeclaration())
                .parameters(j.parameters());
        if (j.recover() != null) {
            b.recover(j.recover());
        }
        b.misfire(j.misfire());
        return b.build();
    }
}
