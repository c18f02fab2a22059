package ai.ringrift.cli;

import ai.ringrift.scheduler.JobInfo;
import ai.ringrift.scheduler.model.JobDeclaration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ringrift jobs list | trigger NAME | pause NAME | resume NAME}: acts on the job store. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List, trigger, pause and resume the jobs in the job store.",
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Trigger.class, JobsCommand.Pause.class,
                JobsCommand.Resume.class})
final class JobsCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("jobs: missing subcommand: use list, trigger NAME, pause NAME or resume NAME");
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code jobs list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered jobs.")
    static final class ListJobs extends BaseCommand {
        @Override
        public Integer call() {
            try (CliScheduler s = CliScheduler.open(config())) {
                TextTable t = new TextTable("NAME", "PRIORITY", "SCHEDULE", "STATE", "NEXT FIRE", "NEEDS", "CLASS");
                for (JobInfo j : s.scheduler().list()) {
                    JobDeclaration d = j.declaration();
                    t.row(j.name(), d.priority(), j.schedule(), j.state(), j.nextFireTime(), needs(d),
                            j.jobClass().substring(j.jobClass().lastIndexOf('.') + 1));
                }
                if (t.size() == 0) {
                    out().println("no jobs registered (start `ringrift run` once to register the configured jobs)");
                } else {
                    t.lines().forEach(out()::println);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code jobs trigger NAME [--param k=v]...}. */
    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Fire a job now, once (the daemon picks it up within seconds).")
    static final class Trigger extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "job name")
        String name;

        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "job parameter for this run (repeatable)")
        Map<String, String> params = new LinkedHashMap<>();

        @Override
        public Integer call() {
            checkParams(params);
            try (CliScheduler s = CliScheduler.open(config())) {
                s.require(name);
                var key = s.scheduler().trigger(name, params);
                out().println("triggered " + name + (params.isEmpty() ? "" : " with " + params) + " (trigger "
                        + key + "); the running daemon fires it within seconds");
            }
            return ExitCodes.OK;
        }
    }

    /**
     * Refuses a parameter without a key ({@code --param =x}) and one under the reserved
     * {@code ringrift.} prefix: those keys hold the job's declaration (priority, needs), which a
     * trigger must not change (the guard ignores them too).
     */
    static void checkParams(Map<String, String> params) {
        for (String key : params.keySet()) {
            if (key.isBlank()) {
                throw CliException.usage("--param '" + key + "=" + params.get(key) + "': the key is empty: write "
                        + "--param KEY=VALUE");
            }
            if (key.startsWith(JobDeclaration.KEY_PREFIX)) {
                throw CliException.usage("--param " + key + ": keys starting with '" + JobDeclaration.KEY_PREFIX
                        + "' are reserved for the job's declaration (priority, needs), which a trigger cannot change;"
                        + " change the job in guard.yaml instead");
            }
        }
    }

    /** Pause or resume: look the job up, change its triggers' state, print the new state. */
    abstract static class StateChange extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "job name")
        String name;

        abstract void apply(ai.ringrift.scheduler.GuardedScheduler scheduler, String job);

        abstract String done();

        @Override
        public Integer call() {
            try (CliScheduler s = CliScheduler.open(config())) {
                s.require(name);
                apply(s.scheduler(), name);
                out().println(done() + " " + name + " (state " + s.require(name).state() + ")");
            }
            return ExitCodes.OK;
        }
    }

    /** {@code jobs pause NAME}. */
    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a job's triggers.")
    static final class Pause extends StateChange {
        @Override
        void apply(ai.ringrift.scheduler.GuardedScheduler scheduler, String job) {
            scheduler.pause(job);
        }

        @Override
        String done() {
            return "paused";
        }
    }

    /** {@code jobs resume NAME}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused job.")
    static final class Resume extends StateChange {
        @Override
        void apply(ai.ringrift.scheduler.GuardedScheduler scheduler, String job) {
            scheduler.resume(job);
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    static String needs(JobDeclaration d) {
        var n = d.needs();
        StringBuilder b = new StringBuilder();
        if (n.cpuCores() > 0) {
            b.append("cpu ").append(fmt(n.cpuCores())).append(' ');
        }
        if (n.memoryGb() > 0) {
            b.append("mem ").append(fmt(n.memoryGb())).append("G ");
        }
        if (n.gpuMemoryGb() > 0) {
            b.append("gpu ").append(fmt(n.gpuMemoryGb())).append("G ");
        }
        if (n.diskGb() > 0) {
            b.append("disk ").append(fmt(n.diskGb())).append("G ");
        }
        if (!d.relieves().isEmpty()) {
            b.append("relieves ").append(d.relieves().iterator().next().key()).append(' ');
        }
        return b.length() == 0 ? "-" : b.toString().trim();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
